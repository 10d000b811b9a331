// Boost.Asio with nothing on top, the floor an Asio-based engine is measured against: a strand
// per listener and one post per listener per event, each carrying a shared_ptr to the event.
#include <algorithm>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "baseline_event.hpp"
#include "implementations.hpp"

namespace liquid_bench::asio_plain {
namespace {

using liquid_energy::core::EventType;
namespace asio = boost::asio;

class AsioBus {
  public:
    explicit AsioBus(std::size_t threads)
        : thread_count_(threads != 0 ? threads
                                     : std::max(1U, std::thread::hardware_concurrency())) {}

    template <typename Handler>
    void subscribe(EventType type, Handler handler) {
        subscribers_.push_back(std::make_unique<Subscriber<Handler>>(
            type, asio::make_strand(context_), std::move(handler)));
    }

    void start() {
        work_.emplace(context_.get_executor());
        for (std::size_t i = 0; i < thread_count_; ++i) {
            threads_.emplace_back([this] { context_.run(); });
        }
    }

    void put(BaselineEvent event) {
        const auto shared = std::make_shared<const BaselineEvent>(std::move(event));
        for (const auto& subscriber : subscribers_) {
            if (subscriber->type == shared->type) subscriber->post(shared);
        }
    }

    /// Lets the io_context run out of work, then joins its threads.
    void stop() {
        work_.reset();
        for (auto& thread : threads_) thread.join();
        threads_.clear();
    }

    ~AsioBus() { stop(); }

  private:
    using Strand = asio::strand<asio::io_context::executor_type>;

    struct SubscriberBase {
        SubscriberBase(EventType subscribed, Strand executor)
            : type(subscribed), strand(std::move(executor)) {}
        virtual ~SubscriberBase() = default;
        virtual void post(const std::shared_ptr<const BaselineEvent>& event) = 0;

        EventType type;
        Strand strand;
    };

    template <typename Handler>
    struct Subscriber final : SubscriberBase {
        Subscriber(EventType subscribed, Strand executor, Handler h)
            : SubscriberBase(subscribed, std::move(executor)), handler(std::move(h)) {}

        void post(const std::shared_ptr<const BaselineEvent>& event) override {
            asio::post(strand, [this, event] { handler(*event); });
        }

        Handler handler;
    };

    asio::io_context context_;
    std::size_t thread_count_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
    std::vector<std::thread> threads_;
    std::vector<std::unique_ptr<SubscriberBase>> subscribers_;
};

void subscribe_listeners(AsioBus& bus, Board& board, const Scenario& scenario,
                         bool record_latency) {
    for (std::size_t i = 0; i < scenario.listeners; ++i) {
        Tally& tally = board.tally(i);
        if (record_latency) {
            bus.subscribe(EventType::MARKET_DATA, [&board, &tally](const BaselineEvent& event) {
                board.observe_latency(tally, event.seq, event.price, event.volume, event.put_ns);
            });
        } else {
            bus.subscribe(EventType::MARKET_DATA, [&board, &tally](const BaselineEvent& event) {
                board.observe(tally, event.seq, event.price, event.volume);
            });
        }
    }
}

}  // namespace

W1Result run_w1(const Scenario& scenario) {
    Board board(scenario, /*record_latency=*/false);
    AsioBus bus(scenario.threads);
    subscribe_listeners(bus, board, scenario, false);
    bus.start();

    const auto count = static_cast<std::int64_t>(scenario.events);
    board.begin();
    for (std::int64_t seq = 0; seq < count; ++seq) {
        bus.put(BaselineEvent{EventType::MARKET_DATA, std::string(symbol), price_of(seq),
                              volume_of(seq), seq, 0});
        note_progress(scenario, seq);
    }
    board.wait();

    bus.stop();
    return board.w1_result(/*all_put=*/true);
}

W2Result run_w2(const Scenario& scenario) {
    Board board(scenario, /*record_latency=*/true);
    AsioBus bus(scenario.threads);
    subscribe_listeners(bus, board, scenario, true);
    bus.start();

    bool all_put = true;
    board.begin();
    const double achieved =
        put_paced(scenario, all_put, [&](std::int64_t seq, std::int64_t put_ns) {
            bus.put(BaselineEvent{EventType::MARKET_DATA, std::string(symbol), price_of(seq),
                                  volume_of(seq), seq, put_ns});
            return true;
        });
    board.wait();

    bus.stop();
    return board.w2_result(all_put, achieved);
}

}  // namespace liquid_bench::asio_plain
