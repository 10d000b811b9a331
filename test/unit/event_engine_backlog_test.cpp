#define BOOST_TEST_MODULE event_engine_backlog
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include "engine_checks.hpp"
#include "gate.hpp"
#include "liquid_energy/core.hpp"
#include "numbered_events.hpp"
#include "put_log.hpp"
#include "recording_listener.hpp"
#include "slow_listener.hpp"
#include "stuck_listener.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::test::busy_work;
using liquid_energy::test::check_balanced;
using liquid_energy::test::default_deadline;
using liquid_energy::test::field;
using liquid_energy::test::Gate;
using liquid_energy::test::held_listener;
using liquid_energy::test::numbered;
using liquid_energy::test::order;
using liquid_energy::test::put_numbered;
using liquid_energy::test::PutLog;
using liquid_energy::test::ready_in_time;
using liquid_energy::test::recorder;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::saw_exactly_the_accepted;
using liquid_energy::test::stats_of;
using liquid_energy::test::StuckRisk;
using liquid_energy::test::wait_until;
using liquid_energy::test::with_policy;

namespace {

Event quote(const std::string& symbol, std::int64_t seq) {
    return Event(EventType::MARKET_DATA, {{"symbol", symbol}, {"seq", seq}});
}

bool strictly_increasing(const std::vector<std::int64_t>& seqs) {
    return std::adjacent_find(seqs.begin(), seqs.end(), std::greater_equal<>()) == seqs.end();
}

/// Stops an engine that runs on `context`, which only this thread runs; false on a hang.
bool stop_driving(EventEngine& engine, boost::asio::io_context& context) {
    bool stopped = false;
    engine.async_stop([&] { stopped = true; });
    const auto deadline = std::chrono::steady_clock::now() + default_deadline;
    while (!stopped && std::chrono::steady_clock::now() < deadline) context.run_one_for(10ms);
    return stopped;
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
    // Order 0 in the handler and 1 and 2 queued reach the limit only once order 2 is routed, so
    // neither put waits.
    StuckRisk stuck({.overflow = OverflowPolicy::block, .block_timeout = 60s}, 3);
    auto& [engine, gate, risk] = stuck;

    BOOST_REQUIRE(engine.put(order(1)));
    BOOST_REQUIRE(engine.put(order(2)));
    BOOST_REQUIRE(wait_until([&] { return stats_of(engine, "risk")->overloaded; }));

    constexpr int count = 200;
    auto producer = std::async(std::launch::async, [&] {
        int accepted = 0;
        for (int i = 3; i < count; ++i) accepted += engine.put(order(i)) ? 1 : 0;
        return accepted;
    });
    BOOST_REQUIRE(wait_until([&] { return engine.stats().blocked_producers == 1U; }));
    gate.open();
    BOOST_REQUIRE(ready_in_time(producer));
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

namespace {

// Handles each ERROR, an urgent type, by putting the next one of a chain of `chain_length`, and
// waits until the engine has delivered it: so that, whenever the listener looks, an urgent event
// waits for it. Notes how many ERRORs it had handled when the first market data came through.
// Boost.Test is not thread-safe: the handler records what went wrong for the test to check.
class UrgentChain : public EventListener {
  public:
    static constexpr std::uint64_t chain_length = 100;

    explicit UrgentChain(EventEngine& engine)
        : EventListener("chain", {EventType::ERROR, EventType::MARKET_DATA}), engine_(engine) {}

    void handle_event(const Event& event) override {
        if (event.type() == EventType::MARKET_DATA) {
            if (urgent_handled_at_quote == 0) urgent_handled_at_quote = urgent_handled.load();
            return;
        }
        if (++urgent_handled == chain_length) return;
        const std::uint64_t put = ++urgent_put;
        if (!engine_.put(Event(EventType::ERROR, {{"link", put}}))) broken = true;
        if (!wait_until([&] { return stats_of(engine_, "chain")->delivered > put; })) broken = true;
    }

    std::atomic<bool> broken{false};
    std::atomic<std::uint64_t> urgent_put{0};
    std::atomic<std::uint64_t> urgent_handled{0};
    std::atomic<std::uint64_t> urgent_handled_at_quote{0};

  private:
    EventEngine& engine_;
};

// Handles each ERROR, an urgent type, by putting another, until `stop_echo`; counts market data.
class UrgentEcho : public EventListener {
  public:
    explicit UrgentEcho(EventEngine& engine)
        : EventListener("echo", {EventType::ERROR, EventType::MARKET_DATA}), engine_(engine) {}

    void handle_event(const Event& event) override {
        if (event.type() == EventType::MARKET_DATA) {
            ++quotes_handled;
        } else if (!stop_echo && !engine_.put(Event(EventType::ERROR))) {
            broken = true;
        }
    }

    std::atomic<bool> broken{false};
    std::atomic<int> quotes_handled{0};
    std::atomic<bool> stop_echo{false};

  private:
    EventEngine& engine_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_handler_feeding_its_own_urgent_type_does_not_starve_other_events) {
    EngineOptions options{.threads = 2};
    options.urgent_types = {EventType::ERROR};
    EventEngine engine(options);
    auto chain = std::make_shared<UrgentChain>(engine);
    engine.register_listener(chain);
    engine.start();
    ++chain->urgent_put;
    BOOST_REQUIRE(engine.put(Event(EventType::ERROR, {{"link", 1}})));
    BOOST_REQUIRE(engine.put(quote("ETH-USD", 1)));
    BOOST_REQUIRE(wait_until([&] { return chain->urgent_handled == UrgentChain::chain_length; }));
    engine.stop();
    BOOST_TEST(!chain->broken);
    // Were urgent events taken until none waited, the quote would wait for the whole chain.
    BOOST_TEST(chain->urgent_handled_at_quote > 0U);
    BOOST_TEST(chain->urgent_handled_at_quote < UrgentChain::chain_length / 2);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(a_flood_of_urgent_events_does_not_hold_back_the_routing_of_others) {
    // One thread driven here: the engine routes a round, then runs what it woke, then routes again.
    boost::asio::io_context io;
    EngineOptions options{.urgent_types = {EventType::ERROR}};
    EventEngine engine(io.get_executor(), options);
    auto echo = std::make_shared<UrgentEcho>(engine);
    engine.register_listener(echo);
    engine.start();
    // More urgent events wait than a round routes, and each one handled puts another.
    for (int n = 0; n < 300; ++n) BOOST_REQUIRE(engine.put(Event(EventType::ERROR)));
    BOOST_REQUIRE(engine.put(quote("ETH-USD", 1)));
    for (int step = 0; step < 100'000 && echo->quotes_handled == 0; ++step) io.run_one();
    BOOST_TEST(!echo->broken);
    BOOST_TEST(echo->quotes_handled == 1);
    echo->stop_echo = true;
    boost::asio::post(io, [&] { engine.stop(); });
    io.run();
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
    BOOST_REQUIRE(ready_in_time(producer));
    BOOST_TEST(producer.get() == PutStatus::stopped);
    BOOST_TEST(engine.stats().rejected_by.stopped == 1U);
    BOOST_TEST(engine.stats().discarded == 1U);
}

BOOST_AUTO_TEST_CASE(a_handler_that_puts_is_never_held_by_the_backlog_limit) {
    EventEngine engine(
        EngineOptions{.threads = 2,
                      .max_backlog = 4,
                      .default_policy = {.overflow = OverflowPolicy::block, .block_timeout = 60s}});
    constexpr int fan_out = 20;
    std::atomic<int> handler_refusals{0};
    auto fan = recorder("fan", {EventType::INFO}, [&](const Event& e) {
        for (int i = 0; i < fan_out; ++i) {
            const auto status = engine.put_with_status(
                numbered(EventType::ORDER_UPDATE, field(e, "seq") * fan_out + i));
            if (status != PutStatus::accepted) ++handler_refusals;
        }
    });
    auto sink = recorder("sink", {EventType::ORDER_UPDATE}, [](const Event&) { busy_work(); });
    engine.register_listener(fan);
    engine.register_listener(sink);
    engine.start();
    constexpr int count = 30;
    // The producer waits for room (never for its own handlers); nothing may hold it for a minute.
    auto producing = std::async(std::launch::async, [&] {
        int accepted = 0;
        for (int i = 0; i < count; ++i)
            accepted += engine.put(numbered(EventType::INFO, i)) ? 1 : 0;
        return accepted;
    });
    BOOST_REQUIRE(ready_in_time(producing));
    BOOST_TEST(producing.get() == count);
    engine.stop();

    BOOST_TEST(handler_refusals.load() == 0);
    BOOST_TEST(sink->count() == std::size_t{count * fan_out});
    BOOST_TEST(engine.stats().peak_backlog > 4U);
    check_balanced(engine, count + count * fan_out);
}

BOOST_AUTO_TEST_CASE(producers_behind_a_blocked_listener_are_refused_as_the_policy_says) {
    // Before the engine, which may still hold a handler at it when a requirement fails.
    Gate gate;
    EventEngine engine(EngineOptions{
        .threads = 2,
        .policies = {{EventType::INFO, {.overflow = OverflowPolicy::block, .block_timeout = 20ms}},
                     {EventType::TRADE_UPDATE, {.overflow = OverflowPolicy::reject}}}});
    auto blocked = held_listener("blocked", {EventType::INFO, EventType::TRADE_UPDATE}, gate);
    auto free = recorder("free", {EventType::INFO, EventType::TRADE_UPDATE});
    engine.register_listener(blocked, ListenerOptions{.max_backlog = 4});
    engine.register_listener(free);
    engine.start();

    PutLog log;
    log.put(engine, EventType::INFO, 0);
    BOOST_REQUIRE(wait_until([&] { return blocked->count() == 1; }));
    // Each accepted event is waited for at `free`, so that it has been routed to `blocked` too
    // before the next put: the refusals then come at the listener's limit, not later.
    const auto put_routed = [&](EventType type, std::int64_t seq) {
        const auto status = log.put(engine, type, seq);
        if (status == PutStatus::accepted) {
            BOOST_REQUIRE(free->wait_for_count(log.accepted.size()));
        }
        return status;
    };
    std::int64_t seq = 1;
    while (seq < 100 && put_routed(EventType::INFO, seq) != PutStatus::timed_out) ++seq;
    BOOST_TEST(put_routed(EventType::TRADE_UPDATE, ++seq) == PutStatus::backlog_full);
    BOOST_TEST(log.accepted.size() <= 5U);
    BOOST_TEST(log.count(PutStatus::timed_out) == 1U);
    BOOST_TEST(log.count(PutStatus::backlog_full) == 1U);
    gate.open();
    engine.stop();

    BOOST_TEST(saw_exactly_the_accepted(*free, {log}));
    BOOST_TEST(saw_exactly_the_accepted(*blocked, {log}));
    const auto stats = engine.stats();
    BOOST_TEST(stats.rejected_by.timed_out == 1U);
    BOOST_TEST(stats.rejected_by.backlog_full == 1U);
    for (const auto& listener : engine.listener_stats()) {
        BOOST_TEST(listener.rejected == 2U, listener.name);
        BOOST_TEST(listener.delivered == log.accepted.size(), listener.name);
    }
    check_balanced(engine, log.statuses.size());
}

BOOST_AUTO_TEST_CASE(a_blocked_listener_conflates_market_data_and_holds_up_no_producer) {
    // Before the engine, which may still hold a handler at it when a requirement fails.
    Gate gate;
    EventEngine engine(EngineOptions{
        .threads = 2,
        .policies = {{EventType::MARKET_DATA,
                      {.overflow = OverflowPolicy::conflate, .block_timeout = 60s}}}});
    auto blocked = held_listener("blocked", {EventType::MARKET_DATA}, gate);
    auto free = recorder("free", {EventType::MARKET_DATA});
    engine.register_listener(blocked, ListenerOptions{.max_backlog = 4});
    engine.register_listener(free);
    engine.start();
    const std::vector<std::string> symbols{"BTC-USD", "ETH-USD", "SOL-USD"};
    constexpr std::int64_t count = 300;
    for (std::int64_t i = 0; i < count; ++i) {
        const auto& symbol = symbols[static_cast<std::size_t>(i) % symbols.size()];
        BOOST_REQUIRE(engine.put_with_status(quote(symbol, i)) == PutStatus::accepted);
        if (i == 0) BOOST_REQUIRE(wait_until([&] { return blocked->count() == 1; }));
    }
    BOOST_TEST(free->wait_for_count(count));
    gate.open();
    engine.stop();

    // Per symbol, the newest events win and keep their order; the last of each is never lost.
    std::map<std::string, std::vector<std::int64_t>> seen;
    for (const auto& event : blocked->events()) {
        seen[std::string(event.data().at("symbol").as_string())].push_back(field(event, "seq"));
    }
    for (std::size_t s = 0; s < symbols.size(); ++s) {
        const auto& seqs = seen[symbols[s]];
        BOOST_TEST(strictly_increasing(seqs), symbols[s]);
        BOOST_TEST((!seqs.empty() && seqs.back() == count - 3 + static_cast<std::int64_t>(s)));
    }
    const auto stats = engine.stats();
    BOOST_TEST(stats.conflated > 0U);
    BOOST_TEST(blocked->count() + stats.conflated == std::size_t{count});
    BOOST_TEST(stats.rejected == 0U);
    check_balanced(engine, count);
}

// Regression (found by the soak): a quote queued while the listener was below its limit must
// become the latest of its symbol, or a newer quote arriving at the limit would replace an older
// waiting one in its earlier place and the listener would get the newest quote before an older
// one, stale data last. Driven step by step on the test thread's io_context so that the steps
// happen in this order.
BOOST_AUTO_TEST_CASE(conflation_never_hands_out_an_older_quote_after_a_newer_one) {
    boost::asio::io_context context;
    EventEngine engine(context.get_executor(),
                       EngineOptions{.policies = {{EventType::MARKET_DATA,
                                                   {.overflow = OverflowPolicy::conflate}}}});
    auto quotes = recorder("quotes", {EventType::MARKET_DATA});
    constexpr std::size_t limit = 2;
    engine.register_listener(quotes, ListenerOptions{.max_backlog = limit});
    // Two quotes fill the listener up to its limit; 62 of other symbols and K's quote 64 wait
    // behind them, conflatable. One batch (64 events) leaves quote 64 waiting alone.
    engine.put(quote("K", 0));
    engine.put(quote("A", 1));
    for (std::int64_t seq = 2; seq < 64; ++seq) engine.put(quote("S" + std::to_string(seq), seq));
    engine.put(quote("K", 64));
    engine.start();
    for (int step = 0; step < 100 && quotes->count() < 64; ++step) context.poll_one();
    BOOST_REQUIRE(quotes->count() == 64U);
    // Below the limit again: 65 is queued plainly, then 66 arrives at the limit.
    engine.put(quote("K", 65));
    engine.put(quote("K", 66));
    context.poll();

    std::vector<std::int64_t> seen;
    for (const auto& event : quotes->events()) {
        if (event.data().at("symbol").as_string() == "K") seen.push_back(field(event, "seq"));
    }
    BOOST_TEST(
        strictly_increasing(seen), "K's quotes in the order handled: " << [&] {
            std::string listed;
            for (const auto seq : seen) listed += std::to_string(seq) + " ";
            return listed;
        }());
    BOOST_TEST((!seen.empty() && seen.back() == 66));
    BOOST_REQUIRE(stop_driving(engine, context));
    check_balanced(engine, 67);
}

// Regression: put() with OverflowPolicy::block must not wait for room on a thread that runs the
// engine's executor outside a handler (Asio work on the caller's io_context, or the engine's own
// EventTimer ticks), where the room can only come from the work that very thread is kept from
// running: the executor stalled for the whole block_timeout, then the event was refused.
BOOST_AUTO_TEST_CASE(a_put_from_the_engines_own_executor_never_waits_for_room) {
    boost::asio::io_context context;
    constexpr auto block_timeout = 2s;
    EventEngine engine(context.get_executor(),
                       EngineOptions{.max_backlog = 2,
                                     .default_policy = {.overflow = OverflowPolicy::block,
                                                        .block_timeout = block_timeout}});
    auto listener = recorder("listener", {EventType::INFO});
    engine.register_listener(listener);
    engine.start();
    put_numbered(engine, EventType::INFO, 2);
    // Work queued on the engine's executor after the dispatcher, before the listener's batch.
    std::optional<PutStatus> status;
    auto waited = std::chrono::steady_clock::duration::zero();
    boost::asio::post(context, [&] {
        const auto started = std::chrono::steady_clock::now();
        status = engine.put_with_status(numbered(EventType::INFO, 2));
        waited = std::chrono::steady_clock::now() - started;
    });
    for (int step = 0; step < 100 && !status; ++step) context.poll_one();

    BOOST_REQUIRE(status.has_value());
    BOOST_TEST(*status != PutStatus::timed_out);
    BOOST_TEST((waited < block_timeout / 2), "the executor's thread was held "
                                                 << std::chrono::duration<double>(waited).count()
                                                 << " s");
    BOOST_REQUIRE(stop_driving(engine, context));
    check_balanced(engine, 3);
}
