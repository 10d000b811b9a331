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
#include "drive.hpp"
#include "implementations.hpp"

namespace liquid_bench::asio_plain {
namespace {

using liquid_energy::core::EventType;
namespace asio = boost::asio;

class AsioBus {
  public:
    AsioBus(const Scenario& scenario, Board& board)
        : thread_count_(scenario.threads != 0 ? scenario.threads
                                              : std::max(1U, std::thread::hardware_concurrency())) {
        subscribe_baseline_listeners(*this, board, scenario);
    }

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

    bool put(std::int64_t seq, std::int64_t put_ns) {
        const auto shared = std::make_shared<const BaselineEvent>(make_baseline_event(seq, put_ns));
        for (const auto& subscriber : subscribers_) {
            if (subscriber->type == shared->type) subscriber->post(shared);
        }
        return true;
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

}  // namespace

W1Result run_w1(const Scenario& scenario) { return liquid_bench::run_w1<AsioBus>(scenario); }

W2Result run_w2(const Scenario& scenario) { return liquid_bench::run_w2<AsioBus>(scenario); }

}  // namespace liquid_bench::asio_plain
