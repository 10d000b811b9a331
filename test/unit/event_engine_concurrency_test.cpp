#define BOOST_TEST_MODULE event_engine_concurrency
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "engine_checks.hpp"
#include "liquid_energy/core.hpp"
#include "put_log.hpp"
#include "recording_listener.hpp"
#include "slow_listener.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::test::busy_work;
using liquid_energy::test::check_balanced;
using liquid_energy::test::default_deadline;
using liquid_energy::test::field;
using liquid_energy::test::PutLog;
using liquid_energy::test::ready_in_time;
using liquid_energy::test::recorder;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::saw_exactly_the_accepted;
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

BOOST_AUTO_TEST_CASE(producers_on_many_threads_keep_their_order_and_every_refusal_is_counted) {
    EventEngine engine(EngineOptions{
        .threads = 2,
        .policies = {
            {EventType::ORDER_UPDATE, {.overflow = OverflowPolicy::block, .block_timeout = 1ms}},
            {EventType::TRADE_UPDATE, {.overflow = OverflowPolicy::reject}}}});
    const std::vector<EventType> types{EventType::INFO, EventType::ORDER_UPDATE,
                                       EventType::TRADE_UPDATE};
    auto all = recorder("all", types);
    auto orders = recorder("orders", {EventType::ORDER_UPDATE});
    // Held at its first event until both kinds of refusal have happened, then slow, with a tiny
    // backlog: ORDER_UPDATE producers time out and TRADE_UPDATE ones are refused, while INFO,
    // which it does not take, flows freely.
    std::atomic<bool> gate_open{false};
    auto slow =
        recorder("slow", {EventType::ORDER_UPDATE, EventType::TRADE_UPDATE}, [&](const Event&) {
            wait_until([&] { return gate_open.load(); });
            busy_work();
        });
    engine.register_listener(all);
    engine.register_listener(orders);
    engine.register_listener(slow, ListenerOptions{.max_backlog = 8});
    engine.start();

    // One log per (thread, type): the guarantee is per type, and a producer's types interleave.
    // Each thread puts at least `per_thread` events, and goes on until the refusals were seen.
    constexpr int threads = 8;
    constexpr int per_thread = 600;
    std::vector<PutLog> logs(threads * types.size());
    for (std::size_t i = 0; i < logs.size(); ++i) logs[i].producer = static_cast<std::int64_t>(i);
    std::vector<std::future<void>> producing;
    for (int t = 0; t < threads; ++t) {
        producing.push_back(std::async(std::launch::async, [&, t] {
            const auto give_up = std::chrono::steady_clock::now() + default_deadline;
            for (int i = 0; i < per_thread ||
                            (!gate_open.load() && std::chrono::steady_clock::now() < give_up);
                 ++i) {
                const std::size_t kind = static_cast<std::size_t>(i) % types.size();
                PutLog& log = logs[t * types.size() + kind];
                log.put(engine, types[kind], i);
            }
        }));
    }
    BOOST_TEST(wait_until([&] {
        const auto refused = engine.stats().rejected_by;
        return refused.timed_out > 0 && refused.backlog_full > 0;
    }));
    gate_open = true;
    for (auto& running : producing) BOOST_REQUIRE(ready_in_time(running));
    engine.stop();

    const auto of_type = [&](EventType type) {
        std::vector<PutLog> selected;
        for (std::size_t i = 0; i < logs.size(); ++i) {
            if (types[i % types.size()] == type) selected.push_back(logs[i]);
        }
        return selected;
    };
    BOOST_TEST(saw_exactly_the_accepted(*all, logs));
    BOOST_TEST(saw_exactly_the_accepted(*orders, of_type(EventType::ORDER_UPDATE)));
    auto slow_logs = of_type(EventType::ORDER_UPDATE);
    for (auto& log : of_type(EventType::TRADE_UPDATE)) slow_logs.push_back(std::move(log));
    BOOST_TEST(saw_exactly_the_accepted(*slow, slow_logs));

    std::uint64_t timed_out = 0;
    std::uint64_t backlog_full = 0;
    for (const auto& log : logs) {
        timed_out += log.count(PutStatus::timed_out);
        backlog_full += log.count(PutStatus::backlog_full);
    }
    const auto stats = engine.stats();
    BOOST_TEST(stats.rejected_by.timed_out == timed_out);
    BOOST_TEST(stats.rejected_by.backlog_full == backlog_full);
    BOOST_TEST(stats.rejected_by.stopped == 0U);
    // Registered before the first put and never unregistered: each share is exactly its types'.
    const auto calls = [](const std::vector<PutLog>& selected) {
        std::uint64_t sum = 0;
        for (const auto& log : selected) sum += log.statuses.size();
        return sum;
    };
    const std::uint64_t puts = calls(logs);
    for (const auto& listener : engine.listener_stats()) {
        const std::uint64_t share = listener.name == "all" ? puts
                                    : listener.name == "orders"
                                        ? calls(of_type(EventType::ORDER_UPDATE))
                                        : calls(slow_logs);
        BOOST_TEST(listener.delivered + listener.rejected == share, listener.name);
    }
    check_balanced(engine, puts);
}
