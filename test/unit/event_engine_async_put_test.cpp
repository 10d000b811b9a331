#define BOOST_TEST_MODULE event_engine_async_put
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include "engine_checks.hpp"
#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"
#include "stuck_listener.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::test::check_balanced;
using liquid_energy::test::default_deadline;
using liquid_energy::test::field;
using liquid_energy::test::order;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::stats_of;
using liquid_energy::test::StuckRisk;
using liquid_energy::test::wait_until;

namespace {

PutStatus status_of(std::future<PutStatus>& future) {
    BOOST_REQUIRE(future.wait_for(default_deadline) == std::future_status::ready);
    return future.get();
}

/// Fills the stuck listener's backlog (limit 3: order 0 in its handler, 1 and 2 queued) so that the
/// next order must wait. Below the limit until order 2 is routed, so neither put waits. Waits for
/// the overload flag, not the backlog: the flag follows the backlog, and `put` reads the flag.
void fill_backlog(StuckRisk& stuck) {
    BOOST_REQUIRE(stuck.engine.put(order(1)));
    BOOST_REQUIRE(stuck.engine.put(order(2)));
    BOOST_REQUIRE(wait_until([&] { return stats_of(stuck.engine, "risk")->overloaded; }));
}

}  // namespace

BOOST_AUTO_TEST_CASE(async_put_with_room_completes_accepted) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto listener = std::make_shared<RecordingListener>("info", std::vector{EventType::INFO});
    engine.register_listener(listener);
    engine.start();
    auto done = engine.async_put(Event(EventType::INFO, {{"seq", 1}}), boost::asio::use_future);
    BOOST_TEST(status_of(done) == PutStatus::accepted);
    engine.stop();
    BOOST_TEST(listener->count() == 1U);
}

BOOST_AUTO_TEST_CASE(a_coroutine_producer_is_suspended_not_blocked_while_it_waits_for_room) {
    StuckRisk stuck({.overflow = OverflowPolicy::block, .block_timeout = 60s}, 3);
    auto& [engine, gate, risk] = stuck;
    fill_backlog(stuck);

    constexpr int count = 100;
    boost::asio::io_context producer_context;
    auto produced = boost::asio::co_spawn(
        producer_context,
        [&]() -> boost::asio::awaitable<int> {
            int accepted = 0;
            for (int i = 3; i < count; ++i) {
                const PutStatus status =
                    co_await engine.async_put(order(i), boost::asio::use_awaitable);
                accepted += status == PutStatus::accepted ? 1 : 0;
            }
            co_return accepted;
        },
        boost::asio::use_future);
    std::jthread producer_thread([&] { producer_context.run(); });

    BOOST_REQUIRE(wait_until([&] { return engine.stats().blocked_producers == 1U; }));
    // The producer's only thread is free for other work while the put waits.
    std::atomic<bool> other_work_ran{false};
    boost::asio::post(producer_context, [&] { other_work_ran = true; });
    BOOST_TEST(wait_until([&] { return other_work_ran.load(); }));
    BOOST_TEST(engine.stats().blocked_producers == 1U);

    gate.open();
    BOOST_REQUIRE(produced.wait_for(default_deadline) == std::future_status::ready);
    BOOST_TEST(produced.get() == count - 3);
    engine.stop();
    BOOST_TEST(engine.stats().blocked_producers == 0U);
    const auto events = risk->events();
    BOOST_REQUIRE(events.size() == std::size_t(count));
    bool in_order = true;
    for (int i = 0; i < count; ++i) in_order = in_order && field(events[i], "seq") == i;
    BOOST_TEST(in_order);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(async_put_gives_up_at_the_deadline_with_timed_out) {
    StuckRisk stuck({.overflow = OverflowPolicy::block, .block_timeout = 50ms}, 3);
    auto& [engine, gate, risk] = stuck;
    fill_backlog(stuck);
    auto done = engine.async_put(order(3), boost::asio::use_future);
    BOOST_TEST(status_of(done) == PutStatus::timed_out);
    gate.open();
    engine.stop();
    BOOST_TEST(stats_of(engine, "risk")->rejected_by.timed_out == 1U);
    BOOST_TEST(risk->count() == 3U);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(async_put_under_reject_is_refused_at_once) {
    StuckRisk stuck({.overflow = OverflowPolicy::reject}, 3);
    auto& [engine, gate, risk] = stuck;
    fill_backlog(stuck);
    auto done = engine.async_put(order(3), boost::asio::use_future);
    BOOST_TEST(status_of(done) == PutStatus::backlog_full);
    gate.open();
    engine.stop();
    BOOST_TEST(!stats_of(engine, "risk")->overloaded, "the backlog drained below the limit");
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(a_waiting_async_put_is_refused_when_the_engine_stops) {
    StuckRisk stuck({.overflow = OverflowPolicy::block, .block_timeout = 60s}, 3);
    auto& [engine, gate, risk] = stuck;
    fill_backlog(stuck);
    auto done = engine.async_put(order(3), boost::asio::use_future);
    BOOST_REQUIRE(wait_until([&] { return engine.stats().blocked_producers == 1U; }));
    auto stopped = std::async(std::launch::async, [&] { engine.stop(); });
    BOOST_TEST(status_of(done) == PutStatus::stopped);
    gate.open();
    BOOST_REQUIRE(stopped.wait_for(default_deadline) == std::future_status::ready);
    BOOST_TEST(risk->count() == 3U);
    check_balanced(engine);
}

BOOST_AUTO_TEST_CASE(async_put_of_a_moved_from_event_is_refused_as_misuse) {
    EventEngine engine(EngineOptions{.threads = 1});
    Event event(EventType::INFO);
    Event taken = std::move(event);
    // NOLINTNEXTLINE(bugprone-use-after-move): putting a moved-from event is the misuse tested.
    BOOST_CHECK_THROW(engine.async_put(std::move(event), boost::asio::use_future),
                      std::invalid_argument);
}
