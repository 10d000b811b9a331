#define BOOST_TEST_MODULE event_engine_lifecycle
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "engine_checks.hpp"
#include "liquid_energy/core.hpp"
#include "numbered_events.hpp"
#include "put_log.hpp"
#include "recording_listener.hpp"
#include "slow_listener.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::test::busy_work;
using liquid_energy::test::check_balanced;
using liquid_energy::test::default_deadline;
using liquid_energy::test::field;
using liquid_energy::test::numbered;
using liquid_energy::test::PutLog;
using liquid_energy::test::ready_in_time;
using liquid_energy::test::recorder;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::saw_exactly_the_accepted;
using liquid_energy::test::wait_until;

namespace {

std::shared_ptr<RecordingListener> slow_listener(const std::string& name) {
    return recorder(name, {EventType::MARKET_DATA}, [](const Event&) { busy_work(); });
}

/// Starts a producer thread per log, each putting INFO numbered from 0 as fast as it can until
/// the engine refuses one with `stopped` (or it gives up, long after every deadline of the
/// test), then `after_refusal` more.
std::vector<std::future<void>> produce_until_stopped(EventEngine& engine, std::vector<PutLog>& logs,
                                                     std::size_t after_refusal = 0) {
    std::vector<std::future<void>> producing;
    for (std::size_t p = 0; p < logs.size(); ++p) {
        logs[p].producer = static_cast<std::int64_t>(p);
        producing.push_back(
            std::async(std::launch::async, [&engine, &log = logs[p], after_refusal] {
                const auto give_up = std::chrono::steady_clock::now() + 2 * default_deadline;
                std::int64_t seq = 0;
                while (std::chrono::steady_clock::now() < give_up &&
                       log.put(engine, EventType::INFO, seq) != PutStatus::stopped) {
                    ++seq;
                }
                for (std::size_t i = 0; i < after_refusal; ++i)
                    log.put(engine, EventType::INFO, ++seq);
            }));
    }
    return producing;
}

/// Producers put INFO as fast as they can into a small backlog behind a slow listener until the
/// engine, stopped in the middle, refuses them; `block_timeout` is how long each may wait.
void stop_under_full_load(std::chrono::milliseconds block_timeout) {
    constexpr std::size_t max_backlog = 16;
    EventEngine engine(EngineOptions{
        .threads = 2,
        .max_backlog = max_backlog,
        .default_policy = {.overflow = OverflowPolicy::block, .block_timeout = block_timeout}});
    auto slow = recorder("slow", {EventType::INFO}, [](const Event&) { busy_work(); });
    auto fast = recorder("fast", {EventType::INFO});
    engine.register_listener(slow);
    engine.register_listener(fast);
    engine.start();

    constexpr int producers = 6;
    std::vector<PutLog> logs(producers);
    auto producing = produce_until_stopped(engine, logs);
    BOOST_REQUIRE(wait_until(
        [&] { return engine.stats().peak_backlog >= max_backlog && slow->count() >= 200; }));
    auto stopping = std::async(std::launch::async, [&] { engine.stop(); });
    BOOST_REQUIRE(ready_in_time(stopping));
    for (auto& running : producing) BOOST_REQUIRE(ready_in_time(running));

    std::uint64_t puts = 0;
    std::uint64_t accepted = 0;
    std::uint64_t timed_out = 0;
    for (const auto& log : logs) {
        BOOST_TEST(log.statuses.back() == PutStatus::stopped);
        BOOST_TEST(log.count(PutStatus::stopped) == 1U);
        BOOST_TEST(log.count(PutStatus::backlog_full) == 0U);
        puts += log.statuses.size();
        accepted += log.accepted.size();
        timed_out += log.count(PutStatus::timed_out);
    }
    BOOST_TEST(saw_exactly_the_accepted(*slow, logs));
    BOOST_TEST(saw_exactly_the_accepted(*fast, logs));
    const auto stats = engine.stats();
    BOOST_TEST(stats.accepted == accepted);
    BOOST_TEST(stats.rejected_by.stopped == std::uint64_t{producers});
    BOOST_TEST(stats.rejected_by.timed_out == timed_out);
    check_balanced(engine, puts);
}

}  // namespace

BOOST_AUTO_TEST_CASE(stop_returns_only_after_every_accepted_event_is_handled) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto first = slow_listener("first");
    auto second = slow_listener("second");
    engine.register_listener(first);
    engine.register_listener(second);
    engine.start();
    BOOST_TEST(engine.is_running());
    constexpr std::size_t count = 3000;
    for (std::size_t i = 0; i < count; ++i) engine.put(Event(EventType::MARKET_DATA));
    engine.stop();
    BOOST_TEST(!engine.is_running());
    BOOST_TEST(first->count() == count);
    BOOST_TEST(second->count() == count);
}

BOOST_AUTO_TEST_CASE(put_after_stop_is_refused_visibly_and_counted) {
    EventEngine engine(EngineOptions{.threads = 1});
    auto listener = std::make_shared<RecordingListener>("l", std::vector{EventType::INFO});
    engine.register_listener(listener);
    engine.start();
    engine.stop();
    BOOST_TEST(!engine.put(Event(EventType::INFO)));
    BOOST_TEST(!engine.put(Event(EventType::INFO)));
    BOOST_TEST(engine.stats().rejected == 2U);
    BOOST_TEST(engine.stats().accepted == 0U);
    BOOST_TEST(listener->count() == 0U);
}

BOOST_AUTO_TEST_CASE(start_stop_cycles_deliver_as_the_first_did) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto listener = std::make_shared<RecordingListener>("l", std::vector{EventType::INFO});
    engine.register_listener(listener);
    constexpr std::size_t per_cycle = 500;
    for (std::size_t cycle = 1; cycle <= 3; ++cycle) {
        engine.start();
        BOOST_TEST(engine.is_running());
        for (std::size_t i = 0; i < per_cycle; ++i)
            BOOST_TEST_REQUIRE(engine.put(Event(EventType::INFO)));
        engine.stop();
        BOOST_TEST(!engine.is_running());
        BOOST_TEST(listener->count() == cycle * per_cycle);
    }
}

BOOST_AUTO_TEST_CASE(start_and_stop_are_idempotent) {
    EventEngine engine(EngineOptions{.threads = 1});
    engine.stop();
    engine.start();
    engine.start();
    BOOST_TEST(engine.is_running());
    engine.stop();
    engine.stop();
    BOOST_TEST(!engine.is_running());
}

BOOST_AUTO_TEST_CASE(stop_from_inside_a_handler_returns_and_drains_in_the_background) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::atomic<bool> stop_returned{false};
    auto stopper = std::make_shared<RecordingListener>("stopper", std::vector{EventType::SYSTEM},
                                                       [&](const Event&) {
                                                           engine.stop();
                                                           stop_returned = true;
                                                       });
    auto worker = slow_listener("worker");
    engine.register_listener(stopper);
    engine.register_listener(worker);
    engine.start();
    for (int i = 0; i < 200; ++i) engine.put(Event(EventType::MARKET_DATA));
    engine.put(Event(EventType::SYSTEM));
    BOOST_REQUIRE(wait_until([&] { return stop_returned.load(); }));
    BOOST_TEST(!engine.is_running());
    BOOST_TEST(!engine.put(Event(EventType::MARKET_DATA)));
    engine.stop();
    BOOST_TEST(worker->count() == 200U);
    engine.start();
    BOOST_TEST(engine.put(Event(EventType::MARKET_DATA)));
    BOOST_TEST(worker->wait_for_count(201));
}

BOOST_AUTO_TEST_CASE(destroying_the_engine_from_inside_a_handler_does_not_deadlock) {
    auto engine = std::make_unique<EventEngine>(EngineOptions{.threads = 2});
    std::atomic<bool> destroyed{false};
    auto destroyer = std::make_shared<RecordingListener>(
        "destroyer", std::vector{EventType::SYSTEM}, [&](const Event&) {
            engine.reset();
            destroyed = true;
        });
    auto worker = slow_listener("worker");
    engine->register_listener(destroyer);
    engine->register_listener(worker);
    engine->start();
    for (int i = 0; i < 100; ++i) engine->put(Event(EventType::MARKET_DATA));
    engine->put(Event(EventType::SYSTEM));
    BOOST_REQUIRE(wait_until([&] { return destroyed.load(); }));
    // The queued events are still delivered; then the engine lets go of its listeners.
    BOOST_TEST(worker->wait_for_count(100));
    BOOST_TEST(wait_until([&] { return worker.use_count() == 1 && destroyer.use_count() == 1; }));
}

BOOST_AUTO_TEST_CASE(destroying_a_running_engine_delivers_what_it_accepted) {
    auto worker = slow_listener("worker");
    {
        EventEngine engine(EngineOptions{.threads = 2});
        engine.register_listener(worker);
        engine.start();
        for (int i = 0; i < 1000; ++i) engine.put(Event(EventType::MARKET_DATA));
    }
    BOOST_TEST(worker->count() == 1000U);
    BOOST_TEST(worker.use_count() == 1);
}

BOOST_AUTO_TEST_CASE(handlers_may_put_while_the_engine_drains) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto strategy = std::make_shared<RecordingListener>(
        "strategy", std::vector{EventType::MARKET_DATA},
        [&](const Event& e) { engine.put(Event(EventType::ORDER_UPDATE, e.data())); });
    auto orders =
        std::make_shared<RecordingListener>("orders", std::vector{EventType::ORDER_UPDATE});
    engine.register_listener(strategy);
    engine.register_listener(orders);
    engine.start();
    for (int i = 0; i < 500; ++i) engine.put(Event(EventType::MARKET_DATA, {{"seq", i}}));
    engine.stop();
    BOOST_TEST(orders->count() == 500U);
    BOOST_TEST(engine.stats().rejected == 0U);
}

BOOST_AUTO_TEST_CASE(stop_before_start_refuses_later_puts_and_discards_the_held_ones) {
    EventEngine engine;
    auto listener = slow_listener("held");
    engine.register_listener(listener);
    BOOST_TEST(engine.put(Event(EventType::MARKET_DATA)));
    engine.stop();
    BOOST_TEST((engine.put_with_status(Event(EventType::MARKET_DATA)) == PutStatus::stopped));
    const auto stats = engine.stats();
    BOOST_TEST(stats.discarded == 1U);
    BOOST_TEST(stats.handled == 0U);
    engine.start();
    BOOST_TEST(engine.put(Event(EventType::MARKET_DATA)));
    BOOST_TEST(wait_until([&] { return listener->count() == 1; }));
}

BOOST_AUTO_TEST_CASE(a_handler_that_stops_the_engine_returns_and_its_puts_still_land) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::atomic<bool> stop_returned{false};
    std::atomic<int> echoes_refused{0};
    auto stopper = recorder("stopper", {EventType::INFO}, [&](const Event& e) {
        if (field(e, "seq") == 50) {
            engine.stop();
            stop_returned = true;
        }
        // Consequences put while the engine drains are accepted and delivered.
        if (!engine.put(numbered(EventType::ORDER_UPDATE, field(e, "seq")))) ++echoes_refused;
    });
    auto echoes = recorder("echoes", {EventType::ORDER_UPDATE});
    engine.register_listener(stopper);
    engine.register_listener(echoes);
    engine.start();
    std::uint64_t puts = 0;
    for (int i = 0; i < 100; ++i, ++puts) engine.put(numbered(EventType::INFO, i));
    BOOST_REQUIRE(wait_until([&] { return stop_returned.load(); }));
    for (int i = 100; i < 110; ++i, ++puts) {
        BOOST_TEST(engine.put_with_status(numbered(EventType::INFO, i)) == PutStatus::stopped);
    }
    auto stopping = std::async(std::launch::async, [&] { engine.stop(); });
    BOOST_REQUIRE(ready_in_time(stopping));

    const auto stats = engine.stats();
    BOOST_TEST(stopper->count() >= 51U);
    BOOST_TEST(stopper->count() == stats.accepted - echoes->count());
    BOOST_TEST(echoes_refused.load() == 0);
    BOOST_TEST(echoes->count() == stopper->count());
    check_balanced(engine, puts + stopper->count());
}

BOOST_AUTO_TEST_CASE(stop_under_full_load_releases_the_producers_waiting_for_room) {
    // Far beyond every deadline of the test: a producer gets out only because stop() frees it.
    stop_under_full_load(10min);
}

BOOST_AUTO_TEST_CASE(stop_under_full_load_with_producers_timing_out_still_balances) {
    stop_under_full_load(1ms);
}

BOOST_AUTO_TEST_CASE(stop_while_producers_put_refuses_them_with_stopped_and_restarts_cleanly) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto witness = recorder("witness", {EventType::INFO});
    engine.register_listener(witness);
    engine.start();
    constexpr int producers = 4;
    constexpr std::size_t after_refusal = 10;
    std::vector<PutLog> logs(producers);
    auto producing = produce_until_stopped(engine, logs, after_refusal);
    BOOST_REQUIRE(wait_until([&] { return witness->count() >= 400; }));
    auto stopping = std::async(std::launch::async, [&] { engine.stop(); });
    BOOST_REQUIRE(ready_in_time(stopping));
    for (auto& running : producing) BOOST_REQUIRE(ready_in_time(running));

    std::uint64_t puts = 0;
    for (const auto& log : logs) {
        // Accepted, then refused for good: never accepted again once refused.
        const auto first_refusal = log.statuses.size() - after_refusal - 1;
        BOOST_TEST(log.accepted.size() == first_refusal);
        BOOST_TEST(log.count(PutStatus::stopped) == after_refusal + 1);
        puts += log.statuses.size();
    }
    BOOST_TEST(saw_exactly_the_accepted(*witness, logs));
    check_balanced(engine, puts);

    const std::size_t before_restart = witness->count();
    engine.start();
    BOOST_TEST(engine.put(numbered(EventType::INFO, 0)));
    BOOST_TEST(witness->wait_for_count(before_restart + 1));
    engine.stop();
    check_balanced(engine, puts + 1);
}

BOOST_AUTO_TEST_CASE(the_last_owner_of_a_running_engine_may_be_a_producer_thread) {
    auto witness = recorder("witness", {EventType::INFO});
    std::atomic<std::thread::id> destroyed_on{};
    std::promise<void> main_let_go;
    const std::shared_future<void> let_go = main_let_go.get_future().share();
    constexpr int producers = 4;
    constexpr std::int64_t per_producer = 400;
    std::vector<PutLog> logs(producers);
    std::vector<std::future<void>> producing;
    {
        std::shared_ptr<EventEngine> engine(new EventEngine(EngineOptions{.threads = 2}),
                                            [&](EventEngine* released) {
                                                destroyed_on = std::this_thread::get_id();
                                                delete released;
                                            });
        engine->register_listener(witness);
        engine->start();
        for (int p = 0; p < producers; ++p) {
            logs[p].producer = p;
            producing.push_back(
                std::async(std::launch::async, [engine, let_go, &log = logs[p]]() mutable {
                    for (std::int64_t seq = 0; seq < per_producer; ++seq) {
                        if (seq == per_producer / 2) let_go.wait_for(default_deadline);
                        log.put(*engine, EventType::INFO, seq);
                    }
                    // Whichever producer lets go last destroys the running engine.
                    engine.reset();
                }));
        }
    }
    main_let_go.set_value();
    for (auto& running : producing) BOOST_REQUIRE(ready_in_time(running));

    BOOST_TEST((destroyed_on.load() != std::thread::id{}), "the engine was not destroyed");
    BOOST_TEST((destroyed_on.load() != std::this_thread::get_id()));
    // Destroying a running engine drains it: everything accepted was handled.
    for (const auto& log : logs) {
        BOOST_TEST(log.accepted.size() == std::size_t{per_producer});
    }
    BOOST_TEST(saw_exactly_the_accepted(*witness, logs));
    BOOST_TEST(witness.use_count() == 1);
}
