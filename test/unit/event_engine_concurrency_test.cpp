#define BOOST_TEST_MODULE event_engine_concurrency
#include <atomic>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using liquid_energy::test::field;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::wait_until;

namespace {

/// Counts how often its handler found itself already running.
class OverlapDetector : public EventListener {
  public:
    explicit OverlapDetector(std::string name)
        : EventListener(std::move(name), {EventType::MARKET_DATA}) {}

    void handle_event(const Event& /*event*/) override {
        if (inside_.fetch_add(1) != 0) overlaps_.fetch_add(1);
        for (int i = 0; i < 200; ++i) std::atomic_signal_fence(std::memory_order_seq_cst);
        inside_.fetch_sub(1);
        handled_.fetch_add(1);
    }

    std::atomic<int> inside_{0};
    std::atomic<int> overlaps_{0};
    std::atomic<int> handled_{0};
};

/// Waits, with a deadline, until `partners` handlers are inside at the same moment.
class Rendezvous : public EventListener {
  public:
    Rendezvous(std::string name, std::atomic<int>& arrived, int partners)
        : EventListener(std::move(name), {EventType::SYSTEM}),
          arrived_(arrived),
          partners_(partners) {}

    void handle_event(const Event& /*event*/) override {
        arrived_.fetch_add(1);
        met_ = wait_until([&] { return arrived_.load() >= partners_; }, std::chrono::seconds(10));
    }

    std::atomic<bool> met_{false};

  private:
    std::atomic<int>& arrived_;
    int partners_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_listener_never_runs_concurrently_with_itself) {
    EventEngine engine(EngineOptions{.threads = 4});
    auto detector = std::make_shared<OverlapDetector>("detector");
    engine.register_listener(detector);
    engine.start();
    constexpr int producers = 4;
    constexpr int per_producer = 5000;
    {
        std::vector<std::jthread> threads;
        for (int p = 0; p < producers; ++p) {
            threads.emplace_back([&] {
                for (int i = 0; i < per_producer; ++i) engine.put(Event(EventType::MARKET_DATA));
            });
        }
    }
    engine.stop();
    BOOST_TEST(detector->handled_.load() == producers * per_producer);
    BOOST_TEST(detector->overlaps_.load() == 0);
}

BOOST_AUTO_TEST_CASE(different_listeners_run_in_parallel) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::atomic<int> arrived{0};
    auto first = std::make_shared<Rendezvous>("first", arrived, 2);
    auto second = std::make_shared<Rendezvous>("second", arrived, 2);
    engine.register_listener(first);
    engine.register_listener(second);
    engine.start();
    engine.put(Event(EventType::SYSTEM));
    engine.stop();
    BOOST_TEST(first->met_.load());
    BOOST_TEST(second->met_.load());
}

BOOST_AUTO_TEST_CASE(listeners_register_and_unregister_while_events_flow) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto stable =
        std::make_shared<RecordingListener>("stable", std::vector{EventType::MARKET_DATA});
    engine.register_listener(stable);
    engine.start();

    std::atomic<bool> producing{true};
    std::atomic<int> late_calls{0};
    constexpr int producers = 3;
    constexpr int per_producer = 4000;
    std::jthread churn([&] {
        for (int round = 0; producing.load(); ++round) {
            auto unregistered = std::make_shared<std::atomic<bool>>(false);
            auto churned = std::make_shared<RecordingListener>(
                "churned" + std::to_string(round), std::vector{EventType::MARKET_DATA},
                [unregistered, &late_calls](const Event&) {
                    if (unregistered->load()) late_calls.fetch_add(1);
                });
            engine.register_listener(churned);
            engine.unregister_listener(churned);
            unregistered->store(true);
        }
    });
    {
        std::vector<std::jthread> threads;
        for (int p = 0; p < producers; ++p) {
            threads.emplace_back([&engine, p] {
                for (int i = 0; i < per_producer; ++i) {
                    engine.put(Event(EventType::MARKET_DATA, {{"seq", i}, {"producer", p}}));
                }
            });
        }
    }
    producing.store(false);
    churn.join();
    engine.stop();

    BOOST_TEST(stable->count() == std::size_t{producers * per_producer});
    BOOST_TEST(late_calls.load() == 0);
    BOOST_TEST(engine.get_listeners().size() == 1U);
}
