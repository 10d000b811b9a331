#define BOOST_TEST_MODULE event_engine_backlog
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "engine_checks.hpp"
#include "gate.hpp"
#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"
#include "stuck_listener.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::test::check_balanced;
using liquid_energy::test::field;
using liquid_energy::test::Gate;
using liquid_energy::test::held_listener;
using liquid_energy::test::order;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::stats_of;
using liquid_energy::test::StuckRisk;
using liquid_energy::test::wait_until;
using liquid_energy::test::with_policy;

namespace {

Event quote(const std::string& symbol, int seq) {
    return Event(EventType::MARKET_DATA, {{"symbol", symbol}, {"seq", seq}});
}

/// Puts events made by `make(i)` until one is refused, or `limit` were accepted; returns the
/// status of the last put and counts the accepted ones.
template <typename Make>
PutStatus put_until_refused(EventEngine& engine, Make make, int limit, int& accepted) {
    PutStatus status = PutStatus::accepted;
    wait_until([&] {
        status = engine.put_with_status(make(accepted));
        if (status == PutStatus::accepted) ++accepted;
        return status != PutStatus::accepted || accepted == limit;
    });
    return status;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_listener_at_its_limit_gets_reject_types_refused_visibly) {
    StuckRisk stuck({.overflow = OverflowPolicy::reject}, 4);
    auto& [engine, gate, risk] = stuck;
    int accepted = 1;
    const PutStatus refused = put_until_refused(engine, order, 10000, accepted);
    BOOST_TEST(refused == PutStatus::backlog_full);
    BOOST_TEST(!engine.put(order(accepted)));

    gate.open();
    engine.stop();
    BOOST_TEST(risk->count() == std::size_t(accepted));
    const auto stats = *stats_of(engine, "risk");
    BOOST_TEST(stats.rejected_by.backlog_full == 2U);
    BOOST_TEST(stats.delivered + stats.rejected == std::uint64_t(accepted) + 2U);
    BOOST_TEST(engine.stats().rejected_by.backlog_full == 2U);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(the_engine_wide_limit_bounds_what_is_accepted) {
    EngineOptions options =
        with_policy(EventType::ORDER_UPDATE, {.overflow = OverflowPolicy::reject});
    options.max_backlog = 8;
    EventEngine engine(options);
    Gate gate;
    auto risk = held_listener("risk", {EventType::ORDER_UPDATE}, gate);
    engine.register_listener(risk);
    engine.start();

    int accepted = 0;
    BOOST_TEST(put_until_refused(engine, order, 10000, accepted) == PutStatus::backlog_full);
    BOOST_TEST(accepted <= 8);
    BOOST_TEST(engine.stats().peak_backlog <= 8U);
    gate.open();
    engine.stop();
    BOOST_TEST(risk->count() == std::size_t(accepted));
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(block_gives_up_at_the_deadline_with_timed_out) {
    StuckRisk stuck({.overflow = OverflowPolicy::block, .block_timeout = 50ms}, 2);
    auto& [engine, gate, risk] = stuck;
    int accepted = 1;
    BOOST_TEST(put_until_refused(engine, order, 10000, accepted) == PutStatus::timed_out);
    gate.open();
    engine.stop();
    BOOST_TEST(stats_of(engine, "risk")->rejected_by.timed_out == 1U);
    BOOST_TEST(risk->count() == std::size_t(accepted));
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(block_lets_a_waiting_producer_go_on_once_there_is_room) {
    StuckRisk stuck({.overflow = OverflowPolicy::block, .block_timeout = 60s}, 2);
    auto& [engine, gate, risk] = stuck;

    BOOST_REQUIRE(engine.put(order(1)));
    BOOST_REQUIRE(engine.put(order(2)));
    BOOST_REQUIRE(wait_until([&] { return stats_of(engine, "risk")->backlog >= 2U; }));

    constexpr int count = 200;
    auto producer = std::async(std::launch::async, [&] {
        int accepted = 0;
        for (int i = 3; i < count; ++i) accepted += engine.put(order(i)) ? 1 : 0;
        return accepted;
    });
    BOOST_REQUIRE(wait_until([&] { return engine.stats().blocked_producers == 1U; }));
    gate.open();
    BOOST_REQUIRE(producer.wait_for(liquid_energy::test::default_deadline) ==
                  std::future_status::ready);
    BOOST_TEST(producer.get() == count - 3);
    engine.stop();
    BOOST_TEST(engine.stats().blocked_producers == 0U);
    BOOST_TEST(risk->count() == std::size_t(count));
    bool in_order = true;
    const auto events = risk->events();
    for (int i = 0; i < count; ++i) in_order = in_order && field(events[i], "seq") == i;
    BOOST_TEST(in_order);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(a_handler_never_waits_for_room_so_consequences_are_not_lost) {
    EventEngine engine(EngineOptions{.threads = 2, .max_backlog = 4});
    Gate gate;
    auto blotter = held_listener("blotter", {EventType::TRADE_UPDATE}, gate);
    std::atomic<int> fills_accepted{0};
    auto exchange = std::make_shared<RecordingListener>(
        "exchange", std::vector{EventType::ORDER_UPDATE}, [&](const Event& event) {
            for (int fill = 0; fill < 10; ++fill) {
                const auto status = engine.put_with_status(Event(
                    EventType::TRADE_UPDATE, {{"order", field(event, "seq")}, {"fill", fill}}));
                if (status == PutStatus::accepted) ++fills_accepted;
            }
        });
    engine.register_listener(blotter);
    engine.register_listener(exchange);
    engine.start();
    BOOST_REQUIRE(engine.put(order(0)));
    BOOST_REQUIRE(exchange->wait_for_count(1));
    gate.open();
    engine.stop();
    BOOST_TEST(fills_accepted == 10);
    BOOST_TEST(blotter->count() == 10U);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(conflation_keeps_the_newest_quote_per_symbol_for_a_listener_at_its_limit) {
    EventEngine engine(with_policy(EventType::MARKET_DATA, {.overflow = OverflowPolicy::conflate}));
    Gate gate;
    auto chart = held_listener("chart", {EventType::MARKET_DATA}, gate);
    auto strategy =
        std::make_shared<RecordingListener>("strategy", std::vector{EventType::MARKET_DATA});
    constexpr std::size_t limit = 5;
    engine.register_listener(chart, ListenerOptions{.max_backlog = limit});
    engine.register_listener(strategy);
    engine.start();
    const std::vector<std::string> symbols{"BTC-USD", "ETH-USD", "SOL-USD"};
    constexpr int count = 3000;
    for (int seq = 0; seq < count; ++seq) {
        BOOST_REQUIRE(engine.put(quote(symbols[seq % symbols.size()], seq)));
    }
    // The strategy is not held up by the chart: it gets every quote while the chart is stuck.
    BOOST_TEST(strategy->wait_for_count(count));
    BOOST_REQUIRE(wait_until([&] { return stats_of(engine, "chart")->delivered == count; }));
    // At most the limit, one quote per symbol beyond it, and the batch stuck at the gate.
    const auto held = *stats_of(engine, "chart");
    BOOST_TEST(held.backlog <= limit + symbols.size() + 64);
    gate.open();
    engine.stop();

    std::map<std::string, std::int64_t> last_seen;
    bool in_order = true;
    for (const auto& event : chart->events()) {
        const std::string symbol(event.data().at("symbol").as_string());
        const auto seq = field(event, "seq");
        in_order = in_order && (!last_seen.contains(symbol) || last_seen[symbol] < seq);
        last_seen[symbol] = seq;
    }
    BOOST_TEST(in_order);
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        BOOST_TEST(last_seen[symbols[i]] == std::int64_t(count - symbols.size() + i));
    }
    const auto stats = *stats_of(engine, "chart");
    BOOST_TEST(stats.conflated > 0U);
    BOOST_TEST(stats.handled + stats.conflated == std::uint64_t(count));
    BOOST_TEST(engine.stats().conflated == stats.conflated);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(urgent_events_overtake_waiting_market_data) {
    EngineOptions options{.threads = 2};
    options.urgent_types = {EventType::ERROR};
    EventEngine engine(options);
    Gate gate;
    auto monitor = held_listener("monitor", {EventType::MARKET_DATA, EventType::ERROR}, gate);
    engine.register_listener(monitor);
    engine.start();
    constexpr int count = 100;
    for (int seq = 0; seq < count; ++seq) BOOST_REQUIRE(engine.put(quote("ETH-USD", seq)));
    BOOST_REQUIRE(gate.wait_for_arrival());
    BOOST_REQUIRE(engine.put(Event(EventType::ERROR, {{"seq", count}})));
    BOOST_REQUIRE(wait_until([&] { return stats_of(engine, "monitor")->delivered == count + 1; }));
    gate.open();
    engine.stop();

    const auto events = monitor->events();
    BOOST_REQUIRE(events.size() == std::size_t(count + 1));
    BOOST_TEST(events[1].type() == EventType::ERROR);
    std::int64_t previous = -1;
    bool in_order = true;
    for (const auto& event : events) {
        if (event.type() != EventType::MARKET_DATA) continue;
        in_order = in_order && field(event, "seq") > previous;
        previous = field(event, "seq");
    }
    BOOST_TEST(in_order);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(refusals_are_counted_for_every_listener_of_the_type) {
    EventEngine engine(EngineOptions{.threads = 1});
    auto a = std::make_shared<RecordingListener>("a", std::vector{EventType::INFO});
    auto b = std::make_shared<RecordingListener>("b", std::vector{EventType::INFO});
    auto other = std::make_shared<RecordingListener>("other", std::vector{EventType::SYSTEM});
    for (const auto& listener : {a, b, other}) engine.register_listener(listener);
    engine.start();
    engine.stop();
    BOOST_TEST(engine.put_with_status(Event(EventType::INFO)) == PutStatus::stopped);
    BOOST_TEST(stats_of(engine, "a")->rejected_by.stopped == 1U);
    BOOST_TEST(stats_of(engine, "b")->rejected_by.stopped == 1U);
    BOOST_TEST(stats_of(engine, "other")->rejected == 0U);
    BOOST_TEST(engine.stats().rejected_by.stopped == 1U);
}

BOOST_AUTO_TEST_CASE(conflation_is_refused_for_anything_but_market_data) {
    BOOST_CHECK_THROW(
        EventEngine(with_policy(EventType::ORDER_UPDATE, {.overflow = OverflowPolicy::conflate})),
        std::invalid_argument);
    BOOST_CHECK_THROW(
        EventEngine(EngineOptions{.default_policy = {.overflow = OverflowPolicy::conflate}}),
        std::invalid_argument);
    BOOST_CHECK_THROW(EventEngine(EngineOptions{.max_backlog = 0}), std::invalid_argument);
    BOOST_CHECK_NO_THROW(
        EventEngine(with_policy(EventType::MARKET_DATA, {.overflow = OverflowPolicy::conflate})));
}

BOOST_AUTO_TEST_CASE(a_producer_waiting_before_start_is_refused_at_once_by_stop) {
    EngineOptions options = with_policy(EventType::ORDER_UPDATE,
                                        {.overflow = OverflowPolicy::block, .block_timeout = 60s});
    options.max_backlog = 1;
    EventEngine engine(options);
    BOOST_REQUIRE(engine.put(order(0)));
    auto producer =
        std::async(std::launch::async, [&] { return engine.put_with_status(order(1)); });
    BOOST_REQUIRE(wait_until([&] { return engine.stats().blocked_producers == 1U; }));
    engine.stop();
    BOOST_REQUIRE(producer.wait_for(liquid_energy::test::default_deadline) ==
                  std::future_status::ready);
    BOOST_TEST(producer.get() == PutStatus::stopped);
    BOOST_TEST(engine.stats().rejected_by.stopped == 1U);
    BOOST_TEST(engine.stats().discarded == 1U);
}
