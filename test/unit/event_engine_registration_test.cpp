#define BOOST_TEST_MODULE event_engine_registration
#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::wait_until;

BOOST_AUTO_TEST_CASE(registering_a_second_listener_with_the_same_name_is_an_error) {
    EventEngine engine;
    engine.register_listener(
        std::make_shared<RecordingListener>("pm", std::vector{EventType::INFO}));
    BOOST_CHECK_THROW(engine.register_listener(
                          std::make_shared<RecordingListener>("pm", std::vector{EventType::ERROR})),
                      std::invalid_argument);
    BOOST_CHECK_THROW(engine.register_listener(nullptr), std::invalid_argument);
    BOOST_TEST(engine.get_listeners().size() == 1U);
}

BOOST_AUTO_TEST_CASE(unregistering_an_unknown_listener_returns_false) {
    EventEngine engine;
    auto stranger = std::make_shared<RecordingListener>("stranger", std::vector{EventType::INFO});
    BOOST_TEST(!engine.unregister_listener(stranger));
    BOOST_TEST(!engine.unregister_listener(nullptr));
}

BOOST_AUTO_TEST_CASE(unregister_waits_for_the_running_call_and_drops_queued_events) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::atomic<bool> entered{false};
    std::atomic<bool> release{false};
    std::atomic<bool> unregister_returned{false};
    std::atomic<bool> returned_while_running{false};
    auto blocker = std::make_shared<RecordingListener>(
        "blocker", std::vector{EventType::INFO}, [&](const Event&) {
            entered = true;
            wait_until([&] { return release.load(); });
            returned_while_running = unregister_returned.load();
        });
    engine.register_listener(blocker);
    engine.start();
    for (int i = 0; i < 10; ++i) engine.put(Event(EventType::INFO));
    BOOST_REQUIRE(wait_until([&] { return entered.load(); }));

    auto unregistering = std::async(std::launch::async, [&] {
        const bool found = engine.unregister_listener(blocker);
        unregister_returned = true;
        return found;
    });
    BOOST_REQUIRE(wait_until([&] { return engine.get_listeners().empty(); }));
    release = true;
    BOOST_TEST(unregistering.get());
    BOOST_TEST(!returned_while_running.load());
    engine.stop();
    BOOST_TEST(blocker->count() == 1U);
    BOOST_TEST(engine.stats().discarded == 9U);
}

BOOST_AUTO_TEST_CASE(unregistering_itself_from_its_own_handler_takes_effect_when_it_returns) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::shared_ptr<RecordingListener> self;
    self = std::make_shared<RecordingListener>(
        "self", std::vector{EventType::INFO},
        [&](const Event&) { engine.unregister_listener(self); });
    engine.register_listener(self);
    engine.start();
    for (int i = 0; i < 10; ++i) engine.put(Event(EventType::INFO));
    engine.stop();
    BOOST_TEST(self->count() == 1U);
    BOOST_TEST(engine.get_listeners().empty());
}

BOOST_AUTO_TEST_CASE(handlers_can_register_and_unregister_others_without_deadlock) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto late = std::make_shared<RecordingListener>("late", std::vector{EventType::MARKET_DATA});
    auto doomed =
        std::make_shared<RecordingListener>("doomed", std::vector{EventType::MARKET_DATA});
    auto admin = std::make_shared<RecordingListener>("admin", std::vector{EventType::SYSTEM},
                                                     [&](const Event&) {
                                                         engine.register_listener(late);
                                                         engine.unregister_listener(doomed);
                                                     });
    engine.register_listener(admin);
    engine.register_listener(doomed);
    engine.start();
    engine.put(Event(EventType::SYSTEM));
    const std::vector<std::shared_ptr<EventListener>> expected{admin, late};
    BOOST_REQUIRE(wait_until([&] { return engine.get_listeners() == expected; }));
    engine.put(Event(EventType::MARKET_DATA));
    engine.stop();
    BOOST_TEST(late->count() == 1U);
    BOOST_TEST(doomed->count() == 0U);
}

BOOST_AUTO_TEST_CASE(two_handlers_unregistering_each_other_do_not_deadlock) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::shared_ptr<RecordingListener> left;
    std::shared_ptr<RecordingListener> right;
    left = std::make_shared<RecordingListener>(
        "left", std::vector{EventType::SYSTEM},
        [&](const Event&) { engine.unregister_listener(right); });
    right = std::make_shared<RecordingListener>(
        "right", std::vector{EventType::SYSTEM},
        [&](const Event&) { engine.unregister_listener(left); });
    engine.register_listener(left);
    engine.register_listener(right);
    engine.start();
    for (int i = 0; i < 50; ++i) engine.put(Event(EventType::SYSTEM));
    engine.stop();
    BOOST_TEST(engine.get_listeners().size() <= 1U);
    BOOST_TEST(left->count() + right->count() >= 1U);
}
