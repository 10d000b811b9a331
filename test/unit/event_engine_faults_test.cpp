#define BOOST_TEST_MODULE event_engine_faults
// Issue #6, fault tests: handlers that throw, that re-enter the engine or block; many producers;
// stop under load; an engine released while producers still run. Each case checks that nothing
// hangs (every wait has a deadline) and that the accounting balances afterwards.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include "accounting.hpp"
#include "io_thread.hpp"
#include "liquid_energy/core.hpp"
#include "put_log.hpp"
#include "recording_listener.hpp"
#include "wait_until.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::test::default_deadline;
using liquid_energy::test::field;
using liquid_energy::test::PutLog;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::saw_exactly_the_accepted;
using liquid_energy::test::wait_until;

namespace {

using Types = std::vector<EventType>;

/// Fails the test case with one line per broken invariant (see accounting.hpp).
void check_balanced(const EventEngine& engine, std::optional<std::uint64_t> put_calls,
                    bool never_unregistered = true) {
    const auto problems = liquid_energy::test::accounting_violations(
        engine.stats(), engine.listener_stats(), put_calls, never_unregistered);
    for (const auto& problem : problems) BOOST_ERROR(problem);
    BOOST_TEST(problems.empty());
}

std::shared_ptr<RecordingListener> recorder(const std::string& name, Types types,
                                            RecordingListener::Action action = {}) {
    return std::make_shared<RecordingListener>(name, std::move(types), std::move(action));
}

Event numbered(EventType type, std::int64_t seq) { return Event(type, {{"seq", seq}}); }

/// Puts `count` events numbered from 0 into a running engine, each of which it must accept.
void put_numbered(EventEngine& engine, EventType type, std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) BOOST_REQUIRE(engine.put(numbered(type, i)));
}

/// How many of the ERROR events `errors` handled carry `message`.
std::size_t errors_saying(const RecordingListener& errors, std::string_view message) {
    std::size_t found = 0;
    for (const auto& error : errors.events()) {
        found += error.data().at("error_message").as_string() == message ? 1 : 0;
    }
    return found;
}

/// Whether `future` became ready before the deadline: a hang fails the test instead of the run.
template <typename T>
bool ready_in_time(const std::future<T>& future) {
    return future.wait_for(default_deadline) == std::future_status::ready;
}

/// Stops an engine that runs on `context`, which only this thread runs; false on a hang.
bool stop_driving(EventEngine& engine, boost::asio::io_context& context) {
    bool stopped = false;
    engine.async_stop([&] { stopped = true; });
    const auto deadline = std::chrono::steady_clock::now() + default_deadline;
    while (!stopped && std::chrono::steady_clock::now() < deadline) context.run_one_for(10ms);
    return stopped;
}

/// Destroyed at the end of a handler; throws then, unless an exception is already on its way.
struct ThrowsWhenDestroyed {
    ThrowsWhenDestroyed() = default;
    ThrowsWhenDestroyed(const ThrowsWhenDestroyed&) = delete;
    ThrowsWhenDestroyed& operator=(const ThrowsWhenDestroyed&) = delete;
    ~ThrowsWhenDestroyed() noexcept(false) {
        if (std::uncaught_exceptions() == 0) throw std::runtime_error("a local's destructor threw");
    }
};

bool strictly_increasing(const std::vector<std::int64_t>& seqs) {
    return std::adjacent_find(seqs.begin(), seqs.end(), std::greater_equal<>()) == seqs.end();
}

/// Burns a little CPU per event so that a backlog builds up behind it.
void busy_work() {
    for (int i = 0; i < 2000; ++i) std::atomic_signal_fence(std::memory_order_seq_cst);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_throwing_handler_is_counted_as_failed_and_reported_once_per_throw) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto thrower = recorder("thrower", {EventType::INFO}, [](const Event& e) {
        if (field(e, "seq") % 3 == 0) throw std::runtime_error("planned failure");
        if (field(e, "seq") % 3 == 1) throw 42;
    });
    auto errors = recorder("errors", {EventType::ERROR});
    engine.register_listener(thrower);
    engine.register_listener(errors);
    engine.start();
    constexpr int count = 300;
    put_numbered(engine, EventType::INFO, count);
    engine.stop();

    BOOST_TEST(thrower->count() == std::size_t{count});
    constexpr std::size_t throws = 2 * count / 3;
    BOOST_TEST(errors->count() == throws);
    for (const auto& error : errors->events()) {
        BOOST_TEST(error.data().at("component").as_string() == "thrower");
        BOOST_TEST(error.data().at("original_event_type_name").as_string() == "INFO");
    }
    BOOST_TEST(errors_saying(*errors, "planned failure") == std::size_t{count / 3});
    BOOST_TEST(errors_saying(*errors, "unknown exception") == std::size_t{count / 3});
    const auto stats = engine.stats();
    BOOST_TEST(stats.failed == throws);
    BOOST_TEST(stats.handled == count - throws + errors->count());
    check_balanced(engine, count + throws);
}

BOOST_AUTO_TEST_CASE(a_throw_from_the_destructor_of_a_handler_local_is_caught_as_a_failure) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto fragile = recorder("fragile", {EventType::INFO}, [](const Event& e) {
        const ThrowsWhenDestroyed local;
        // On odd events the handler throws first: the local must then stay quiet.
        if (field(e, "seq") % 2 == 1) throw std::runtime_error("the handler threw");
    });
    auto after = recorder("after", {EventType::INFO});
    auto errors = recorder("errors", {EventType::ERROR});
    engine.register_listener(fragile);
    engine.register_listener(after);
    engine.register_listener(errors);
    engine.start();
    constexpr int count = 200;
    put_numbered(engine, EventType::INFO, count);
    engine.stop();

    BOOST_TEST(fragile->count() == std::size_t{count});
    BOOST_TEST(after->count() == std::size_t{count});
    BOOST_REQUIRE(errors->count() == std::size_t{count});
    BOOST_TEST(errors_saying(*errors, "a local's destructor threw") == std::size_t{count / 2});
    BOOST_TEST(errors_saying(*errors, "the handler threw") == std::size_t{count / 2});
    BOOST_TEST(engine.stats().failed == std::size_t{count});
    check_balanced(engine, 2 * count);
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

BOOST_AUTO_TEST_CASE(handlers_may_unregister_themselves_or_a_listener_in_a_call_without_waiting) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::shared_ptr<RecordingListener> self;
    std::shared_ptr<RecordingListener> victim;
    // Boost.Test is not thread-safe: handlers record, the test thread asserts.
    std::atomic<bool> self_found{false};
    std::atomic<bool> victim_found{false};
    self = recorder("self", {EventType::INFO}, [&](const Event& e) {
        if (field(e, "seq") == 5) self_found = engine.unregister_listener(self);
    });
    // Inside its first call until it is unregistered: unregister, called from another handler,
    // must return without waiting for it (or this call waits out its deadline).
    std::atomic<bool> victim_waited_out{false};
    victim = recorder("victim", {EventType::INFO}, [&](const Event&) {
        if (!wait_until([&] { return victim_found.load(); })) victim_waited_out = true;
    });
    auto assassin = recorder("assassin", {EventType::INFO}, [&](const Event& e) {
        if (field(e, "seq") == 5) victim_found = engine.unregister_listener(victim);
    });
    auto witness = recorder("witness", {EventType::INFO});
    for (const auto& listener : {self, victim, assassin, witness}) {
        engine.register_listener(listener);
    }
    engine.start();
    constexpr std::size_t count = 500;
    put_numbered(engine, EventType::INFO, count);
    engine.stop();

    BOOST_TEST(self_found.load());
    BOOST_TEST(victim_found.load());
    BOOST_TEST(self->count() == 6U);
    BOOST_TEST(witness->count() == count);
    BOOST_TEST(assassin->count() == count);
    BOOST_TEST(!victim_waited_out.load());
    BOOST_TEST(victim->count() == 1U);
    const std::vector<std::shared_ptr<EventListener>> remaining{assassin, witness};
    BOOST_TEST(engine.get_listeners() == remaining);
    // The unregistered listeners' last deliveries are visible to the engine only, as discarded.
    const auto stats = engine.stats();
    BOOST_TEST(stats.handled ==
               self->count() + victim->count() + assassin->count() + witness->count());
    BOOST_TEST(stats.discarded <= 2 * count - self->count() - victim->count());
    BOOST_TEST(stats.failed == 0U);
    check_balanced(engine, count, /*never_unregistered=*/false);
}

BOOST_AUTO_TEST_CASE(a_handler_that_registers_listeners_routes_later_events_to_them) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto late = recorder("late", {EventType::INFO});
    // The second registration of the same name throws inside the handler: a failure like any.
    auto admin = recorder("admin", {EventType::SYSTEM},
                          [&](const Event&) { engine.register_listener(late); });
    auto errors = recorder("errors", {EventType::ERROR});
    engine.register_listener(admin);
    engine.register_listener(errors);
    engine.start();
    engine.put(Event(EventType::SYSTEM));
    BOOST_REQUIRE(wait_until([&] { return engine.get_listeners().size() == 3; }));
    engine.put(Event(EventType::SYSTEM));
    constexpr std::size_t count = 100;
    put_numbered(engine, EventType::INFO, count);
    engine.stop();

    BOOST_TEST(late->count() == count);
    BOOST_REQUIRE(errors->count() == 1U);
    BOOST_TEST(errors->events().front().data().at("component").as_string() == "admin");
    BOOST_TEST(engine.stats().failed == 1U);
    check_balanced(engine, 2 + count + 1);
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

BOOST_AUTO_TEST_CASE(a_blocked_handler_holds_up_its_own_listener_and_stop_only) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::promise<void> gate;
    const std::shared_future<void> opened = gate.get_future().share();
    auto blocked = recorder("blocked", {EventType::INFO},
                            [opened](const Event&) { opened.wait_for(default_deadline); });
    auto free = recorder("free", {EventType::INFO});
    engine.register_listener(blocked);
    engine.register_listener(free);
    engine.start();
    constexpr std::size_t count = 100;
    put_numbered(engine, EventType::INFO, count);
    BOOST_TEST(free->wait_for_count(count));
    BOOST_TEST(blocked->count() == 1U);

    auto stopping = std::async(std::launch::async, [&] { engine.stop(); });
    BOOST_TEST((stopping.wait_for(50ms) == std::future_status::timeout),
               "stop returned while a handler still held accepted events");
    gate.set_value();
    BOOST_REQUIRE(ready_in_time(stopping));
    BOOST_TEST(blocked->count() == count);
    check_balanced(engine, count);
}

BOOST_AUTO_TEST_CASE(producers_behind_a_blocked_listener_are_refused_as_the_policy_says) {
    EventEngine engine(EngineOptions{
        .threads = 2,
        .policies = {{EventType::INFO, {.overflow = OverflowPolicy::block, .block_timeout = 20ms}},
                     {EventType::TRADE_UPDATE, {.overflow = OverflowPolicy::reject}}}});
    std::promise<void> gate;
    const std::shared_future<void> opened = gate.get_future().share();
    auto blocked = recorder("blocked", {EventType::INFO, EventType::TRADE_UPDATE},
                            [opened](const Event&) { opened.wait_for(default_deadline); });
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
    gate.set_value();
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
    EventEngine engine(EngineOptions{
        .threads = 2,
        .policies = {{EventType::MARKET_DATA,
                      {.overflow = OverflowPolicy::conflate, .block_timeout = 60s}}}});
    std::promise<void> gate;
    const std::shared_future<void> opened = gate.get_future().share();
    auto blocked = recorder("blocked", {EventType::MARKET_DATA},
                            [opened](const Event&) { opened.wait_for(default_deadline); });
    auto free = recorder("free", {EventType::MARKET_DATA});
    engine.register_listener(blocked, ListenerOptions{.max_backlog = 4});
    engine.register_listener(free);
    engine.start();
    const std::vector<std::string> symbols{"BTC-USD", "ETH-USD", "SOL-USD"};
    constexpr std::int64_t count = 300;
    for (std::int64_t i = 0; i < count; ++i) {
        const auto& symbol = symbols[static_cast<std::size_t>(i) % symbols.size()];
        BOOST_REQUIRE(engine.put_with_status(
                          Event(EventType::MARKET_DATA, {{"symbol", symbol}, {"seq", i}})) ==
                      PutStatus::accepted);
        if (i == 0) BOOST_REQUIRE(wait_until([&] { return blocked->count() == 1; }));
    }
    BOOST_TEST(free->wait_for_count(count));
    gate.set_value();
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

BOOST_AUTO_TEST_CASE(producers_on_many_threads_keep_their_order_and_every_refusal_is_counted) {
    EventEngine engine(EngineOptions{
        .threads = 2,
        .policies = {
            {EventType::ORDER_UPDATE, {.overflow = OverflowPolicy::block, .block_timeout = 1ms}},
            {EventType::TRADE_UPDATE, {.overflow = OverflowPolicy::reject}}}});
    const Types types{EventType::INFO, EventType::ORDER_UPDATE, EventType::TRADE_UPDATE};
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

namespace {

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
    std::vector<std::future<void>> producing;
    for (int p = 0; p < producers; ++p) {
        logs[p].producer = p;
        producing.push_back(std::async(std::launch::async, [&engine, &log = logs[p]] {
            const auto give_up = std::chrono::steady_clock::now() + 2 * default_deadline;
            for (std::int64_t seq = 0; std::chrono::steady_clock::now() < give_up; ++seq) {
                if (log.put(engine, EventType::INFO, seq) == PutStatus::stopped) return;
            }
        }));
    }
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
    std::vector<std::future<void>> producing;
    for (int p = 0; p < producers; ++p) {
        logs[p].producer = p;
        producing.push_back(std::async(std::launch::async, [&engine, &log = logs[p]] {
            const auto give_up = std::chrono::steady_clock::now() + 2 * default_deadline;
            std::int64_t seq = 0;
            while (std::chrono::steady_clock::now() < give_up &&
                   log.put(engine, EventType::INFO, seq) != PutStatus::stopped) {
                ++seq;
            }
            for (std::size_t i = 0; i < after_refusal; ++i) log.put(engine, EventType::INFO, ++seq);
        }));
    }
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
    const auto quote = [](const std::string& symbol, std::int64_t seq) {
        return Event(EventType::MARKET_DATA, {{"symbol", symbol}, {"seq", seq}});
    };
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

namespace {

/// Takes a user-defined type, and takes its time to say so: the dispatcher asks it about every
/// event of that type as it routes, so a round of routing lasts as long as the test needs.
class SlowToRoute : public RecordingListener {
  public:
    SlowToRoute(std::string name, EventType type) : RecordingListener(std::move(name), {type}) {}

    bool can_handle_event_type(EventType type) const override {
        if (type != event_types().front()) return false;
        asked_.fetch_add(1);
        std::this_thread::sleep_for(1ms);
        return true;
    }

    int asked() const { return asked_.load(); }

  private:
    mutable std::atomic<int> asked_{0};
};

}  // namespace

// Regression: the dispatcher keeps raw pointers to the listeners it woke in a round; a routing
// table swapped mid-round for a registration change must not free a listener unregistered
// meanwhile before its batch is posted (it did: heap-use-after-free in ListenerSlot::post_batch).
// Last, because a crash ends the test process and Boost.Test then runs no further case.
BOOST_AUTO_TEST_CASE(a_listener_unregistered_while_a_routing_round_reaches_it_is_never_touched) {
    liquid_energy::test::IoThread io;
    EventEngine engine(io.get_executor());
    constexpr EventType slow_routed{100};
    auto victim = recorder("victim", {slow_routed});
    auto slowpoke = std::make_shared<SlowToRoute>("slowpoke", slow_routed);
    engine.register_listener(victim);
    engine.register_listener(slowpoke);
    // Held until start(), then routed in one round of about 100 ms.
    constexpr std::int64_t count = 100;
    for (std::int64_t i = 0; i < count; ++i) engine.put(numbered(slow_routed, i));
    engine.start();
    BOOST_REQUIRE(wait_until([&] { return slowpoke->asked() >= 10; }));
    BOOST_REQUIRE(engine.unregister_listener(victim));
    auto stopping = std::async(std::launch::async, [&] { engine.stop(); });
    BOOST_REQUIRE(ready_in_time(stopping));

    BOOST_TEST(slowpoke->count() == std::size_t{count});
    BOOST_TEST(victim->count() == 0U);
    const auto stats = engine.stats();
    BOOST_TEST(stats.handled == std::uint64_t{count});
    BOOST_TEST(stats.discarded > 0U);
    check_balanced(engine, count, /*never_unregistered=*/false);
}
