#define BOOST_TEST_MODULE lifecycle
#include <atomic>
#include <chrono>
#include <future>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include "engine/admission.hpp"
#include "engine/delivery_ledger.hpp"
#include "engine/handler_scope.hpp"
#include "engine/lifecycle.hpp"
#include "wait_until.hpp"

using namespace std::chrono_literals;
using namespace liquid_energy::core;
using namespace liquid_energy::core::detail;
using liquid_energy::test::ready_in_time;
using liquid_energy::test::wait_until;

namespace {

/// For a lifecycle that started: it never holds events, so discarding them is a bug.
void no_held_events() { BOOST_ERROR("no event should be held"); }

/// A lifecycle on a test's own io_context, driven by hand with poll().
struct Embedded {
    Embedded() : Embedded(EngineOptions{}) {}
    explicit Embedded(const EngineOptions& options)
        : admission(options),
          lifecycle(context.get_executor(), admission, [this] { discard_held(); }),
          ledger(admission, lifecycle, [](const Event&) { BOOST_ERROR("no handler fails"); }) {}

    /// Completes `count` deliveries and runs what that posted.
    void drain(std::uint64_t count) {
        ledger.complete(count);
        context.poll();
    }

    boost::asio::io_context context;
    /// What stopping the never-started lifecycle runs; a test that holds events sets it.
    std::function<void()> discard_held = no_held_events;
    Admission admission;
    Lifecycle lifecycle;
    DeliveryLedger ledger;
};

/// The engine as admission sees it: its state is the lifecycle's.
struct LifecycleContext final : AdmissionContext {
    explicit LifecycleContext(const Lifecycle& lifecycle) : lifecycle(lifecycle) {}
    bool accepting() const override { return lifecycle.accepting(); }
    bool on_engine_thread() const override { return lifecycle.running_in_this_thread(); }
    bool routed_listener_overloaded(EventType) const override { return false; }
    const Lifecycle& lifecycle;
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_engine_accepts_before_it_starts_and_starts_once) {
    Embedded engine;
    BOOST_TEST(!engine.lifecycle.started());
    BOOST_TEST(engine.lifecycle.accepting(), "puts before start are held, not refused");
    BOOST_TEST(engine.lifecycle.start());
    BOOST_TEST(!engine.lifecycle.start(), "already running");
    BOOST_TEST(engine.lifecycle.is_running());
    BOOST_TEST(engine.lifecycle.accepting());
    engine.lifecycle.stop();
    BOOST_TEST(!engine.lifecycle.is_running());
    BOOST_TEST(!engine.lifecycle.accepting());
}

BOOST_AUTO_TEST_CASE(an_asynchronous_stop_completes_once_the_backlog_drains) {
    Embedded engine;
    engine.lifecycle.start();
    engine.admission.count_in();
    bool stopped = false;
    engine.lifecycle.async_stop([&] { stopped = true; });
    BOOST_TEST(!engine.lifecycle.is_running());
    BOOST_TEST(!engine.lifecycle.accepting(), "a stopping engine refuses new puts");
    {
        const HandlerScope scope(engine.lifecycle);
        BOOST_TEST(engine.lifecycle.accepting(), "but takes its handlers' puts while it drains");
    }
    engine.context.poll();
    BOOST_TEST(!stopped, "one delivery is still pending");
    engine.drain(1);
    BOOST_TEST(stopped);
}

BOOST_AUTO_TEST_CASE(idle_waiters_are_told_when_the_backlog_empties) {
    Embedded engine;
    engine.lifecycle.start();
    int told = 0;
    engine.lifecycle.async_wait_idle([&] { ++told; });
    engine.context.poll();
    BOOST_TEST(told == 1, "an idle engine tells at once");

    engine.admission.count_in();
    engine.admission.add(2);
    engine.lifecycle.async_wait_idle([&] { ++told; });
    engine.drain(2);
    BOOST_TEST(told == 1);
    engine.drain(1);
    BOOST_TEST(told == 2);
    engine.lifecycle.stop();
}

BOOST_AUTO_TEST_CASE(stopping_an_engine_never_started_discards_what_it_holds) {
    Embedded engine;
    engine.admission.count_in();
    engine.admission.count_in();
    int discarded = 0;
    engine.discard_held = [&] {
        BOOST_TEST(!engine.lifecycle.accepting(), "refusing before the held events go");
        discarded += 2;
        engine.admission.complete(2);
    };
    engine.lifecycle.stop();
    BOOST_TEST(discarded == 2);
    BOOST_TEST(engine.admission.backlog() == 0U);
    BOOST_TEST(engine.lifecycle.start(), "a stopped engine starts again");
    engine.lifecycle.stop();
}

BOOST_AUTO_TEST_CASE(an_idle_waiter_is_told_when_a_stop_discards_what_a_never_started_engine_held) {
    Embedded engine;
    engine.admission.count_in();
    int told = 0;
    engine.lifecycle.async_wait_idle([&] { ++told; });
    engine.context.poll();
    BOOST_TEST(told == 0, "an event is held");
    engine.discard_held = [&] { engine.admission.complete(1); };
    engine.lifecycle.stop();
    engine.context.restart();
    engine.context.poll();
    BOOST_TEST(told == 1);
}

BOOST_AUTO_TEST_CASE(a_stop_on_an_engine_thread_returns_without_waiting_for_the_drain) {
    Embedded engine;
    engine.lifecycle.start();
    engine.admission.count_in();
    bool returned = false;
    boost::asio::post(engine.context, [&] {
        BOOST_TEST(engine.lifecycle.running_in_this_thread());
        engine.lifecycle.stop();
        returned = true;
    });
    engine.context.poll();
    BOOST_TEST(returned);
    BOOST_TEST(!engine.lifecycle.accepting());
    BOOST_TEST(!engine.lifecycle.running_in_this_thread());
    bool stopped = false;
    engine.lifecycle.async_stop([&] { stopped = true; });
    engine.context.poll();
    BOOST_TEST(!stopped, "still draining");
    engine.drain(1);
    BOOST_TEST(stopped, "the drain finished the stop");
}

BOOST_AUTO_TEST_CASE(a_producer_waiting_for_room_gives_up_when_the_engine_stops) {
    EngineOptions options;
    options.max_backlog = 1;
    options.dispatcher_spin = {};
    Embedded engine(options);
    const LifecycleContext context(engine.lifecycle);
    engine.lifecycle.start();
    engine.admission.count_in();
    auto waited = std::async(std::launch::async, [&] {
        return engine.admission.wait_for_room(EventType::ORDER_UPDATE,
                                              Admission::Clock::now() + 20s, context);
    });
    BOOST_TEST(wait_until([&] { return engine.admission.waiting_producers() == 1; }));
    bool stopped = false;
    engine.lifecycle.async_stop([&] { stopped = true; });
    BOOST_REQUIRE(ready_in_time(waited));
    BOOST_TEST(waited.get());
    BOOST_TEST(!engine.lifecycle.accepting(), "so its put is refused");
    engine.drain(1);
    BOOST_TEST(stopped);
}

BOOST_AUTO_TEST_CASE(a_stop_gives_up_deliveries_a_stopped_executor_will_never_run) {
    Embedded engine;
    engine.lifecycle.start();
    engine.admission.count_in();
    engine.context.stop();
    engine.lifecycle.stop();
    BOOST_TEST(!engine.lifecycle.is_running());
    BOOST_TEST(engine.admission.backlog() == 1U, "abandoned, not counted as handled");
}

BOOST_AUTO_TEST_CASE(an_owned_context_runs_on_the_lifecycles_threads_until_stop_joins_them) {
    Admission admission{EngineOptions{}};
    Lifecycle lifecycle(2, admission, no_held_events);
    BOOST_TEST(lifecycle.has_spare_thread());
    BOOST_TEST(Lifecycle(1, admission, no_held_events).has_spare_thread() == false);
    BOOST_TEST(lifecycle.start());
    std::promise<bool> on_engine_thread;
    boost::asio::post(lifecycle.executor(),
                      [&] { on_engine_thread.set_value(lifecycle.running_in_this_thread()); });
    auto answer = on_engine_thread.get_future();
    BOOST_REQUIRE(ready_in_time(answer));
    BOOST_TEST(answer.get());
    BOOST_TEST(!lifecycle.running_in_this_thread());
    lifecycle.stop();
    BOOST_TEST(!lifecycle.is_running());
}
