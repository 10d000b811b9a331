// The baseline most hand-written event buses start as: producers append to a deque under a mutex
// and signal a condition variable; one thread takes everything queued and calls each subscribed
// std::function in turn.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "baseline_event.hpp"
#include "implementations.hpp"

namespace liquid_bench::naive_cpp {
namespace {

using liquid_energy::core::EventType;

class NaiveBus {
  public:
    using Handler = std::function<void(const BaselineEvent&)>;

    void subscribe(EventType type, Handler handler) {
        subscribers_.push_back({type, std::move(handler)});
    }

    void start() {
        stopping_ = false;
        thread_ = std::thread([this] { dispatch(); });
    }

    bool put(BaselineEvent event) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return false;
            queue_.push_back(std::move(event));
        }
        ready_.notify_one();
        return true;
    }

    /// Delivers what is queued, then joins the dispatch thread.
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_one();
        if (thread_.joinable()) thread_.join();
    }

    ~NaiveBus() { stop(); }

  private:
    struct Subscriber {
        EventType type;
        Handler handler;
    };

    void dispatch() {
        std::deque<BaselineEvent> batch;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [this] { return !queue_.empty() || stopping_; });
                if (queue_.empty()) return;
                batch.swap(queue_);
            }
            for (const auto& event : batch) {
                for (const auto& subscriber : subscribers_) {
                    if (subscriber.type == event.type) subscriber.handler(event);
                }
            }
            batch.clear();
        }
    }

    std::vector<Subscriber> subscribers_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<BaselineEvent> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

void subscribe_listeners(NaiveBus& bus, Board& board, const Scenario& scenario,
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
    NaiveBus bus;
    subscribe_listeners(bus, board, scenario, false);
    bus.start();

    bool all_put = true;
    const auto count = static_cast<std::int64_t>(scenario.events);
    board.begin();
    for (std::int64_t seq = 0; seq < count; ++seq) {
        all_put &= bus.put(BaselineEvent{EventType::MARKET_DATA, std::string(symbol), price_of(seq),
                                         volume_of(seq), seq, 0});
        note_progress(scenario, seq);
    }
    board.wait();

    bus.stop();
    return board.w1_result(all_put);
}

W2Result run_w2(const Scenario& scenario) {
    Board board(scenario, /*record_latency=*/true);
    NaiveBus bus;
    subscribe_listeners(bus, board, scenario, true);
    bus.start();

    bool all_put = true;
    board.begin();
    const double achieved =
        put_paced(scenario, all_put, [&](std::int64_t seq, std::int64_t put_ns) {
            return bus.put(BaselineEvent{EventType::MARKET_DATA, std::string(symbol), price_of(seq),
                                         volume_of(seq), seq, put_ns});
        });
    board.wait();

    bus.stop();
    return board.w2_result(all_put, achieved);
}

}  // namespace liquid_bench::naive_cpp
