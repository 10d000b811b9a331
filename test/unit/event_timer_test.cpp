#define BOOST_TEST_MODULE event_timer
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "liquid_energy/core/detail/next_expiry.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::test::default_deadline;
using liquid_energy::test::field;
using liquid_energy::test::RecordingListener;

namespace {

std::shared_ptr<RecordingListener> record(EventEngine& engine, EventType type) {
    auto listener = std::make_shared<RecordingListener>("recorder", std::vector{type});
    engine.register_listener(listener);
    return listener;
}

/// An engine on an io_context run by one thread, so that a test can see the timer release the
/// executor: `run()` returns only once nothing is pending on it.
struct EmbeddedEngine {
    boost::asio::io_context context;
    EventEngine engine{context.get_executor()};
    std::future<void> run;

    ~EmbeddedEngine() { context.stop(); }

    void start() {
        engine.start();
        run = std::async(std::launch::async, [this] { context.run(); });
    }
    bool run_returned() { return run.wait_for(default_deadline) == std::future_status::ready; }
};

}  // namespace

BOOST_AUTO_TEST_CASE(publishes_numbered_ticks_carrying_its_data_and_source) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto listener = record(engine, EventType::SYSTEM);
    engine.start();
    EventTimer timer(engine, 2ms, EventType::SYSTEM, {{"name", "heartbeat"}}, "clock");
    BOOST_REQUIRE(listener->wait_for_count(5));
    timer.cancel();

    const auto events = listener->events();
    for (std::size_t i = 0; i < 5; ++i) {
        BOOST_TEST(field(events[i], "tick") == static_cast<std::int64_t>(i + 1));
        BOOST_TEST(events[i].data().at("name").as_string() == "heartbeat");
        BOOST_TEST(events[i].source().value_or("") == "clock");
    }
}

BOOST_AUTO_TEST_CASE(ticks_never_come_before_their_time) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto listener = record(engine, EventType::INFO);
    engine.start();
    constexpr auto interval = 3ms;
    const auto started = std::chrono::steady_clock::now();
    EventTimer timer(engine, interval, EventType::INFO);
    BOOST_REQUIRE(listener->wait_for_count(10));
    BOOST_TEST((std::chrono::steady_clock::now() - started >= 10 * interval));
}

BOOST_AUTO_TEST_CASE(cancel_from_another_thread_stops_ticks_and_releases_the_executor) {
    EmbeddedEngine embedded;
    auto listener = record(embedded.engine, EventType::SYSTEM);
    embedded.start();
    const auto handle = EventTimer::schedule(embedded.engine, 1ms, EventType::SYSTEM);
    BOOST_REQUIRE(listener->wait_for_count(3));

    std::thread([handle] { handle.cancel(); }).join();
    const auto accepted_at_cancel = embedded.engine.stats().accepted;
    embedded.engine.stop();

    // Had the timer survived, it would have ticked again or had a tick refused by the stopped
    // engine before letting run() return.
    BOOST_REQUIRE(embedded.run_returned());
    BOOST_TEST(embedded.engine.stats().accepted == accepted_at_cancel);
    BOOST_TEST(embedded.engine.stats().rejected == 0U);
}

BOOST_AUTO_TEST_CASE(destruction_cancels_the_timer) {
    EmbeddedEngine embedded;
    auto listener = record(embedded.engine, EventType::SYSTEM);
    embedded.start();
    {
        EventTimer timer(embedded.engine, 1ms, EventType::SYSTEM);
        BOOST_REQUIRE(listener->wait_for_count(2));
    }
    embedded.engine.stop();

    // A surviving timer could only have ended through a tick refused by the stopped engine.
    BOOST_REQUIRE(embedded.run_returned());
    BOOST_TEST(embedded.engine.stats().rejected == 0U);
}

BOOST_AUTO_TEST_CASE(the_timer_ends_at_the_first_tick_a_stopped_engine_refuses) {
    EmbeddedEngine embedded;
    auto listener = record(embedded.engine, EventType::SYSTEM);
    embedded.start();
    const auto handle = EventTimer::schedule(embedded.engine, 1ms, EventType::SYSTEM);
    BOOST_REQUIRE(listener->wait_for_count(1));
    embedded.engine.stop();

    BOOST_REQUIRE(embedded.run_returned());
    BOOST_TEST(embedded.engine.stats().rejected == 1U);
    handle.cancel();
}

BOOST_AUTO_TEST_CASE(a_non_positive_interval_is_refused) {
    EventEngine engine(EngineOptions{.threads = 1});
    BOOST_CHECK_THROW(EventTimer(engine, 0ms, EventType::SYSTEM), std::invalid_argument);
    BOOST_CHECK_THROW(EventTimer::schedule(engine, -1ms, EventType::SYSTEM), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(an_empty_handle_cancels_nothing) {
    BOOST_CHECK_NO_THROW(TimerHandle().cancel());
}

BOOST_AUTO_TEST_CASE(the_next_expiry_follows_the_previous_one_not_the_handler) {
    using detail::next_expiry;
    const std::chrono::steady_clock::time_point t0{};
    BOOST_TEST((next_expiry(t0, t0 + 3ms, 10ms) == t0 + 10ms));
    BOOST_TEST((next_expiry(t0 + 10ms, t0 + 19ms, 10ms) == t0 + 20ms));
    BOOST_TEST((next_expiry(t0, t0 + 10ms, 10ms) == t0 + 10ms));
}

BOOST_AUTO_TEST_CASE(ticks_missed_by_a_busy_executor_are_skipped_keeping_the_phase) {
    using detail::next_expiry;
    const std::chrono::steady_clock::time_point t0{};
    BOOST_TEST((next_expiry(t0, t0 + 10ms + 1ns, 10ms) == t0 + 20ms));
    BOOST_TEST((next_expiry(t0, t0 + 35ms, 10ms) == t0 + 40ms));
}

BOOST_AUTO_TEST_CASE(add_timer_publishes_until_its_handle_cancels_it) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto listener = std::make_shared<RecordingListener>("ticks", std::vector{EventType{300}});
    engine.register_listener(listener);
    engine.start();
    const TimerHandle timer = engine.add_timer(2ms, EventType{300}, {{"kind", "bar"}});
    BOOST_REQUIRE(listener->wait_for_count(3));
    timer.cancel();
    // A tick accepted before the cancel may still be on its way to the listener; none follows.
    const auto accepted_at_cancel = engine.stats().accepted;
    engine.stop();
    BOOST_TEST(engine.stats().accepted == accepted_at_cancel);
    BOOST_TEST(listener->count() == accepted_at_cancel);
    BOOST_TEST(listener->events().front().data().at("kind").as_string() == "bar");
}

BOOST_AUTO_TEST_CASE(the_heartbeat_ticks_while_running_and_stops_with_the_engine) {
    EventEngine engine(EngineOptions{.threads = 1, .heartbeat_interval = 2ms});
    auto listener =
        std::make_shared<RecordingListener>("heartbeat", std::vector{EventType::SYSTEM});
    engine.register_listener(listener);
    for (int cycle = 1; cycle <= 2; ++cycle) {
        engine.start();
        BOOST_REQUIRE(listener->wait_for_count(3U * cycle));
        engine.stop();
    }
    const auto beats = listener->events();
    BOOST_TEST(beats.front().data().at("heartbeat").as_bool());
    BOOST_TEST(*beats.front().source() == "liquid_energy.engine");
    BOOST_TEST(engine.stats().rejected == 0U);
}
