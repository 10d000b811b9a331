#define BOOST_TEST_MODULE admission
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "engine/admission.hpp"
#include "wait_until.hpp"

using namespace std::chrono_literals;
using namespace liquid_energy::core;
using namespace liquid_energy::core::detail;
using liquid_energy::test::ready_in_time;
using Verdict = Admission::Verdict;
using Waiter = Admission::Waiter;

namespace {

/// The engine as admission sees it, set by each test.
struct FakeEngine final : AdmissionContext {
    std::atomic<bool> accepts{true};
    bool engine_thread = false;
    EventType overloaded_route = EventType::INFO;
    bool overloaded = false;

    bool accepting() const override { return accepts.load(); }
    bool on_engine_thread() const override { return engine_thread; }
    bool routed_listener_overloaded(EventType type) const override {
        return overloaded && type == overloaded_route;
    }
};

/// A limit of two events; MARKET_DATA rejects, ORDER_UPDATE blocks, and no polling before sleep.
EngineOptions two_event_limit() {
    EngineOptions options;
    options.max_backlog = 2;
    options.dispatcher_spin = {};
    options.policies[EventType::MARKET_DATA] = {.overflow = OverflowPolicy::reject};
    options.policies[EventType::ORDER_UPDATE] = {.overflow = OverflowPolicy::block};
    return options;
}

/// Counts two events in: the limit is reached.
void fill(Admission& admission) {
    admission.count_in();
    admission.count_in();
}

class CountingWaiter final : public RoomWaiter {
  public:
    void room_may_be_free() override { ++calls; }
    std::atomic<int> calls{0};
};

}  // namespace

BOOST_AUTO_TEST_CASE(under_the_limit_every_event_is_admitted_and_counted) {
    FakeEngine engine;
    Admission admission(two_event_limit());
    BOOST_TEST(admission.count_in() == 0U);
    BOOST_TEST((admission.decide(EventType::MARKET_DATA, 0, Waiter::this_thread, engine) ==
                Verdict::admitted));
    BOOST_TEST(admission.count_in() == 1U);
    BOOST_TEST(admission.backlog() == 2U);
    admission.add(3);
    BOOST_TEST(admission.backlog() == 5U);
    BOOST_TEST(!admission.complete(4));
    BOOST_TEST(admission.complete(1), "the backlog is empty again");
}

BOOST_AUTO_TEST_CASE(at_the_engine_limit_each_type_follows_its_policy) {
    FakeEngine engine;
    Admission admission(two_event_limit());
    fill(admission);
    const std::uint64_t backlog = admission.count_in();
    BOOST_TEST((admission.decide(EventType::MARKET_DATA, backlog, Waiter::this_thread, engine) ==
                Verdict::refused));
    BOOST_TEST((admission.decide(EventType::ORDER_UPDATE, backlog, Waiter::this_thread, engine) ==
                Verdict::must_wait));
    BOOST_TEST((admission.decide(EventType::ORDER_UPDATE, backlog, Waiter::async, engine) ==
                Verdict::must_wait));
}

BOOST_AUTO_TEST_CASE(a_blocking_put_on_an_engine_thread_is_admitted_rather_than_wait_for_itself) {
    FakeEngine engine;
    engine.engine_thread = true;
    Admission admission(two_event_limit());
    fill(admission);
    BOOST_TEST((admission.decide(EventType::ORDER_UPDATE, 2, Waiter::this_thread, engine) ==
                Verdict::admitted));
    BOOST_TEST(
        (admission.decide(EventType::ORDER_UPDATE, 2, Waiter::async, engine) == Verdict::must_wait),
        "an asynchronous wait holds no thread, so it waits");
    BOOST_TEST((admission.decide(EventType::MARKET_DATA, 2, Waiter::this_thread, engine) ==
                Verdict::refused));
}

BOOST_AUTO_TEST_CASE(an_overloaded_listener_holds_back_only_the_types_routed_to_it) {
    EngineOptions options;
    options.policies[EventType::MARKET_DATA] = {.overflow = OverflowPolicy::conflate};
    options.policies[EventType::ORDER_UPDATE] = {.overflow = OverflowPolicy::reject};
    Admission admission(options);
    FakeEngine engine;
    admission.listener_overloaded(true);

    engine.overloaded = true;
    engine.overloaded_route = EventType::ORDER_UPDATE;
    BOOST_TEST((admission.decide(EventType::ORDER_UPDATE, 0, Waiter::this_thread, engine) ==
                Verdict::refused));
    BOOST_TEST((admission.decide(EventType::TRADE_UPDATE, 0, Waiter::this_thread, engine) ==
                Verdict::admitted),
               "no overloaded listener is routed TRADE_UPDATE");

    engine.overloaded_route = EventType::MARKET_DATA;
    BOOST_TEST((admission.decide(EventType::MARKET_DATA, 0, Waiter::this_thread, engine) ==
                Verdict::admitted),
               "a conflating listener makes room itself");

    engine.overloaded_route = EventType::ORDER_UPDATE;
    admission.listener_overloaded(false);
    BOOST_TEST((admission.decide(EventType::ORDER_UPDATE, 0, Waiter::this_thread, engine) ==
                Verdict::admitted),
               "admission asks about listeners only while one is overloaded");
}

BOOST_AUTO_TEST_CASE(a_blocked_producer_resumes_when_another_thread_completes_events) {
    FakeEngine engine;
    Admission admission(two_event_limit());
    fill(admission);
    auto waited = std::async(std::launch::async, [&] {
        return admission.wait_for_room(EventType::ORDER_UPDATE, Admission::Clock::now() + 20s,
                                       engine);
    });
    BOOST_TEST(liquid_energy::test::wait_until([&] { return admission.waiting_producers() == 1; }));
    admission.complete(1);
    BOOST_REQUIRE(ready_in_time(waited));
    BOOST_TEST(waited.get());
    BOOST_TEST(admission.waiting_producers() == 0U);
}

BOOST_AUTO_TEST_CASE(a_blocked_producer_gives_up_at_its_deadline_or_when_the_engine_stops) {
    FakeEngine engine;
    Admission admission(two_event_limit());
    fill(admission);
    BOOST_TEST(
        !admission.wait_for_room(EventType::ORDER_UPDATE, Admission::Clock::now() + 10ms, engine));

    auto waited = std::async(std::launch::async, [&] {
        return admission.wait_for_room(EventType::ORDER_UPDATE, Admission::Clock::now() + 20s,
                                       engine);
    });
    BOOST_TEST(liquid_energy::test::wait_until([&] { return admission.waiting_producers() == 1; }));
    engine.accepts = false;
    admission.notify_room();
    BOOST_REQUIRE(ready_in_time(waited));
    BOOST_TEST(waited.get(), "a stopping engine releases the producer, which is then refused");
}

BOOST_AUTO_TEST_CASE(an_asynchronous_waiter_is_told_once_per_registration) {
    FakeEngine engine;
    Admission admission(two_event_limit());
    fill(admission);
    const auto waiter = std::make_shared<CountingWaiter>();
    admission.wait_for_room_async(waiter, EventType::ORDER_UPDATE, engine);
    BOOST_TEST(waiter->calls == 0, "no room yet");
    BOOST_TEST(admission.waiting_producers() == 1U);

    admission.complete(1);
    admission.complete(1);
    BOOST_TEST(waiter->calls == 1, "told once, then forgotten");
    BOOST_TEST(admission.waiting_producers() == 0U);

    admission.wait_for_room_async(waiter, EventType::ORDER_UPDATE, engine);
    BOOST_TEST(waiter->calls == 2, "room that is already free is announced at once");
}

BOOST_AUTO_TEST_CASE(a_listener_leaving_its_limit_wakes_the_waiting_producers) {
    FakeEngine engine;
    engine.overloaded = true;
    engine.overloaded_route = EventType::ORDER_UPDATE;
    Admission admission(two_event_limit());
    admission.listener_overloaded(true);
    const auto waiter = std::make_shared<CountingWaiter>();
    admission.wait_for_room_async(waiter, EventType::ORDER_UPDATE, engine);
    BOOST_TEST(waiter->calls == 0);
    engine.overloaded = false;
    admission.listener_overloaded(false);
    BOOST_TEST(waiter->calls == 1);
}

BOOST_AUTO_TEST_CASE(the_peak_backlog_counts_admitted_work_and_never_a_refused_put) {
    FakeEngine engine;
    Admission admission(two_event_limit());
    admission.admitted(admission.count_in());
    admission.admitted(admission.count_in());
    const std::uint64_t backlog = admission.count_in();
    BOOST_TEST((admission.decide(EventType::MARKET_DATA, backlog, Waiter::this_thread, engine) ==
                Verdict::refused));
    BOOST_TEST(admission.peak_backlog() == 2U, "the refused put was in the count for a moment");
    admission.complete(1);
    admission.add(3);
    admission.complete(4);
    BOOST_TEST(admission.peak_backlog() == 5U, "one event routed to four listeners");
    BOOST_TEST(admission.backlog() == 1U);
}

BOOST_AUTO_TEST_CASE(a_policy_the_engine_cannot_apply_is_refused_when_made) {
    EngineOptions options;
    options.policies[EventType::ORDER_UPDATE] = {.overflow = OverflowPolicy::conflate};
    BOOST_CHECK_THROW(Admission{options}, std::invalid_argument);
}
