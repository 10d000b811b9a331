#define BOOST_TEST_MODULE event_engine_async
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using liquid_energy::test::default_deadline;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::wait_until;

namespace {

std::shared_ptr<RecordingListener> info_listener() {
    return std::make_shared<RecordingListener>("info", std::vector{EventType::INFO});
}

}  // namespace

BOOST_AUTO_TEST_CASE(async_stop_with_a_future_completes_after_the_drain) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto listener = info_listener();
    engine.register_listener(listener);
    engine.start();
    for (int i = 0; i < 2000; ++i) engine.put(Event(EventType::INFO));
    auto stopped = engine.async_stop(boost::asio::use_future);
    BOOST_TEST(!engine.is_running());
    BOOST_REQUIRE(stopped.wait_for(default_deadline) == std::future_status::ready);
    BOOST_TEST(listener->count() == 2000U);
    BOOST_TEST(!engine.put(Event(EventType::INFO)));
}

BOOST_AUTO_TEST_CASE(async_stop_from_inside_a_handler_completes_once_drained) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto worker = info_listener();
    std::atomic<std::size_t> handled_at_completion{0};
    std::atomic<bool> completed{false};
    auto stopper = std::make_shared<RecordingListener>(
        "stopper", std::vector{EventType::SYSTEM}, [&](const Event&) {
            engine.async_stop([&] {
                handled_at_completion = worker->count();
                completed = true;
            });
        });
    engine.register_listener(worker);
    engine.register_listener(stopper);
    engine.start();
    for (int i = 0; i < 500; ++i) engine.put(Event(EventType::INFO));
    engine.put(Event(EventType::SYSTEM));
    BOOST_REQUIRE(wait_until([&] { return completed.load(); }));
    BOOST_TEST(handled_at_completion.load() == 500U);
}

BOOST_AUTO_TEST_CASE(a_coroutine_on_a_single_threaded_context_can_stop_the_engine) {
    boost::asio::io_context context;
    EventEngine engine(context.get_executor());
    auto listener = info_listener();
    engine.register_listener(listener);
    engine.start();
    bool resumed = false;
    boost::asio::co_spawn(
        context,
        [&]() -> boost::asio::awaitable<void> {
            for (int i = 0; i < 100; ++i) engine.put(Event(EventType::INFO));
            co_await engine.async_stop(boost::asio::use_awaitable);
            resumed = true;
        },
        boost::asio::detached);
    context.run();
    BOOST_TEST(resumed);
    BOOST_TEST(listener->count() == 100U);
    BOOST_TEST(!engine.is_running());
}

BOOST_AUTO_TEST_CASE(async_stop_of_an_engine_not_running_completes_without_running_inline) {
    EventEngine engine(EngineOptions{.threads = 1});
    std::promise<std::thread::id> done;
    engine.async_stop([&] { done.set_value(std::this_thread::get_id()); });
    auto completed_on = done.get_future();
    BOOST_REQUIRE((completed_on.wait_for(default_deadline) == std::future_status::ready));
    BOOST_TEST((completed_on.get() != std::this_thread::get_id()));

    auto deferred_stop = engine.async_stop();
    std::promise<void> deferred_done;
    std::move(deferred_stop)([&] { deferred_done.set_value(); });
    BOOST_TEST(
        (deferred_done.get_future().wait_for(default_deadline) == std::future_status::ready));
}

BOOST_AUTO_TEST_CASE(async_wait_idle_completes_once_every_consequence_is_handled) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto orders =
        std::make_shared<RecordingListener>("orders", std::vector{EventType::ORDER_UPDATE});
    auto strategy = std::make_shared<RecordingListener>(
        "strategy", std::vector{EventType::MARKET_DATA},
        [&](const Event&) { engine.put(Event(EventType::ORDER_UPDATE)); });
    engine.register_listener(strategy);
    engine.register_listener(orders);
    engine.start();
    for (int round = 1; round <= 3; ++round) {
        for (int i = 0; i < 200; ++i) engine.put(Event(EventType::MARKET_DATA));
        auto idle = engine.async_wait_idle(boost::asio::use_future);
        BOOST_REQUIRE((idle.wait_for(default_deadline) == std::future_status::ready));
        BOOST_TEST(orders->count() == 200U * round);
    }
    BOOST_TEST(engine.is_running());
}

BOOST_AUTO_TEST_CASE(async_wait_idle_of_an_idle_engine_completes_at_once) {
    EventEngine engine(EngineOptions{.threads = 1});
    engine.start();
    auto idle = engine.async_wait_idle(boost::asio::use_future);
    BOOST_TEST((idle.wait_for(default_deadline) == std::future_status::ready));
}

// GCC 12 mishandles a default-argument temporary that owns memory in a full-expression that also
// co_awaits; the constructors without options keep this, the natural way to write it, safe.
BOOST_AUTO_TEST_CASE(a_coroutine_can_make_an_engine_on_its_own_executor_in_one_expression) {
    boost::asio::io_context context;
    std::size_t handled = 0;
    boost::asio::co_spawn(
        context,
        [&]() -> boost::asio::awaitable<void> {
            EventEngine engine(co_await boost::asio::this_coro::executor);
            auto listener = info_listener();
            engine.register_listener(listener);
            engine.start();
            engine.put(Event(EventType::INFO));
            co_await engine.async_stop(boost::asio::use_awaitable);
            handled = listener->count();
        },
        boost::asio::detached);
    context.run();
    BOOST_TEST(handled == 1U);
}
