#define BOOST_TEST_MODULE event_engine_lifecycle
#include <atomic>
#include <memory>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using liquid_energy::test::field;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::wait_until;

namespace {

/// Burns a little CPU per event so that a backlog builds up behind it.
void busy_work() {
    for (int i = 0; i < 2000; ++i) std::atomic_signal_fence(std::memory_order_seq_cst);
}

std::shared_ptr<RecordingListener> slow_listener(const std::string& name) {
    return std::make_shared<RecordingListener>(name, std::vector{EventType::MARKET_DATA},
                                               [](const Event&) { busy_work(); });
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
