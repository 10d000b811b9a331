#define BOOST_TEST_MODULE event_engine_isolation
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "engine_checks.hpp"
#include "gate.hpp"
#include "liquid_energy/core.hpp"
#include "numbered_events.hpp"
#include "recording_listener.hpp"
#include "stuck_listener.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::test::check_balanced;
using liquid_energy::test::Gate;
using liquid_energy::test::held_listener;
using liquid_energy::test::numbered;
using liquid_energy::test::put_numbered;
using liquid_energy::test::ready_in_time;
using liquid_energy::test::recorder;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::stats_of;

BOOST_AUTO_TEST_CASE(a_listener_taking_10ms_per_event_does_not_hold_up_the_others) {
    EngineOptions options{.threads = 2};
    options.policies[EventType::MARKET_DATA] = {.overflow = OverflowPolicy::conflate};
    EventEngine engine(options);
    // The fault under test: a handler that takes 10 ms, like a synchronous disk or GUI write.
    auto slow = std::make_shared<RecordingListener>(
        "slow", std::vector{EventType::MARKET_DATA},
        [](const Event&) { std::this_thread::sleep_for(10ms); });
    auto fast = std::make_shared<RecordingListener>("fast", std::vector{EventType::MARKET_DATA});
    constexpr std::size_t limit = 64;
    engine.register_listener(slow, ListenerOptions{.max_backlog = limit});
    engine.register_listener(fast);
    engine.start();

    const std::vector<std::string> symbols{"BTC-USD", "ETH-USD", "SOL-USD"};
    constexpr int count = 3000;
    for (int seq = 0; seq < count; ++seq) {
        BOOST_REQUIRE(engine.put(Event(EventType::MARKET_DATA,
                                       {{"symbol", symbols[seq % symbols.size()]}, {"seq", seq}})));
    }
    BOOST_REQUIRE(fast->wait_for_count(count));
    // Had the fast listener waited for the slow one, the slow one would have caught up by now.
    const auto slow_now = *stats_of(engine, "slow");
    BOOST_TEST(slow_now.backlog > 0U);
    engine.stop();

    const auto slow_stats = *stats_of(engine, "slow");
    BOOST_TEST(slow_stats.delivered == std::uint64_t(count));
    BOOST_TEST(slow_stats.conflated > 0U);
    BOOST_TEST(slow_stats.peak_backlog <= limit + symbols.size() + 64);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(a_blocked_handler_holds_up_its_own_listener_and_stop_only) {
    // Before the engine, which may still hold a handler at it when a requirement fails.
    Gate gate;
    EventEngine engine(EngineOptions{.threads = 2});
    auto blocked = held_listener("blocked", {EventType::INFO}, gate);
    auto free = recorder("free", {EventType::INFO});
    engine.register_listener(blocked);
    engine.register_listener(free);
    engine.start();
    constexpr std::size_t count = 100;
    put_numbered(engine, EventType::INFO, count);
    BOOST_TEST(free->wait_for_count(count));
    // The blocked listener's first batch runs on another thread and may start after the free
    // listener has finished: wait until its handler is at the gate.
    BOOST_REQUIRE(gate.wait_for_arrival());
    BOOST_TEST(blocked->count() == 1U);

    auto stopping = std::async(std::launch::async, [&] { engine.stop(); });
    BOOST_TEST((stopping.wait_for(50ms) == std::future_status::timeout),
               "stop returned while a handler still held accepted events");
    gate.open();
    BOOST_REQUIRE(ready_in_time(stopping));
    BOOST_TEST(blocked->count() == count);
    check_balanced(engine, count);
}

BOOST_AUTO_TEST_CASE(a_quick_listener_that_blocks_does_not_hold_up_the_routing_of_other_events) {
    Gate gate;
    EventEngine engine(EngineOptions{.threads = 2});
    // Quick for a long run of single-event batches, then blocked: the listener a dispatcher
    // would have trusted to run its batches on its own thread.
    constexpr std::size_t quick = 64;
    auto blocking = recorder("blocking", {EventType::INFO}, [&gate](const Event& event) {
        if (event.data().at("seq").as_int64() == std::int64_t{quick}) gate.pass();
    });
    auto other = recorder("other", {EventType::ORDER_UPDATE});
    engine.register_listener(blocking);
    engine.register_listener(other);
    engine.start();
    for (std::size_t seq = 0; seq <= quick; ++seq) {
        BOOST_REQUIRE(engine.put(numbered(EventType::INFO, static_cast<std::int64_t>(seq))));
        if (seq < quick) BOOST_REQUIRE(blocking->wait_for_count(seq + 1));
    }
    BOOST_REQUIRE(gate.wait_for_arrival());

    BOOST_REQUIRE(engine.put(numbered(EventType::ORDER_UPDATE, 0)));
    BOOST_TEST(other->wait_for_count(1), "an order was not routed while another handler blocked");
    gate.open();
    engine.stop();
    BOOST_TEST(blocking->count() == quick + 1);
    check_balanced(engine, quick + 2);
}
