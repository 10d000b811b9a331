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
#include "drive.hpp"
#include "implementations.hpp"

namespace liquid_bench::naive_cpp {
namespace {

using liquid_energy::core::EventType;

class NaiveBus {
  public:
    using Handler = std::function<void(const BaselineEvent&)>;

    NaiveBus(const Scenario& scenario, Board& board) {
        subscribe_baseline_listeners(*this, board, scenario);
    }

    void subscribe(EventType type, Handler handler) {
        subscribers_.push_back({type, std::move(handler)});
    }

    void start() {
        stopping_ = false;
        thread_ = std::thread([this] { dispatch(); });
    }

    bool put(std::int64_t seq, std::int64_t put_ns) {
        BaselineEvent event = make_baseline_event(seq, put_ns);
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

}  // namespace

W1Result run_w1(const Scenario& scenario) { return liquid_bench::run_w1<NaiveBus>(scenario); }

W2Result run_w2(const Scenario& scenario) { return liquid_bench::run_w2<NaiveBus>(scenario); }

}  // namespace liquid_bench::naive_cpp
