#define BOOST_TEST_MODULE event_engine_embedded
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using liquid_energy::test::field;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::wait_until;

namespace {

std::size_t thread_count() {
    const std::filesystem::directory_iterator tasks("/proc/self/task");
    return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

/// Runs an io_context on `threads` threads until it runs out of work.
class ContextRunners {
  public:
    ContextRunners(boost::asio::io_context& context, int threads) {
        for (int i = 0; i < threads; ++i) {
            runs_.push_back(std::async(std::launch::async, [&context] { context.run(); }));
        }
    }
    /// True if every runner returned before the deadline.
    bool finished() {
        for (auto& run : runs_) {
            if (run.wait_for(liquid_energy::test::default_deadline) != std::future_status::ready)
                return false;
        }
        return true;
    }

  private:
    std::vector<std::future<void>> runs_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(on_a_caller_executor_the_engine_creates_no_threads) {
    boost::asio::io_context context;
    auto work = boost::asio::make_work_guard(context);
    ContextRunners runners(context, 1);
    const std::size_t threads_before = thread_count();
    EventEngine engine(context.get_executor());
    auto listener = std::make_shared<RecordingListener>("l", std::vector{EventType::MARKET_DATA});
    engine.register_listener(listener);
    engine.start();
    for (int i = 0; i < 1000; ++i) engine.put(Event(EventType::MARKET_DATA, {{"seq", i}}));
    BOOST_REQUIRE(listener->wait_for_count(1000));
    BOOST_TEST(thread_count() == threads_before);
    BOOST_TEST((engine.get_executor() == boost::asio::any_io_executor(context.get_executor())));
    engine.stop();
    work.reset();
    BOOST_TEST(runners.finished());
    const auto events = listener->events();
    for (int i = 0; i < 1000; ++i) BOOST_TEST_REQUIRE(field(events[i], "seq") == i);
}

BOOST_AUTO_TEST_CASE(many_caller_threads_drive_the_engine_with_the_same_guarantees) {
    boost::asio::io_context context;
    EventEngine engine(context.get_executor());
    std::vector<std::shared_ptr<RecordingListener>> listeners;
    for (int i = 0; i < 4; ++i) {
        listeners.push_back(std::make_shared<RecordingListener>(
            "l" + std::to_string(i), std::vector{EventType::MARKET_DATA}));
        engine.register_listener(listeners.back());
    }
    engine.start();
    ContextRunners runners(context, 4);
    {
        std::vector<std::jthread> producers;
        for (int p = 0; p < 2; ++p) {
            producers.emplace_back([&engine, p] {
                for (int i = 0; i < 3000; ++i) {
                    engine.put(Event(EventType::MARKET_DATA, {{"seq", i}, {"producer", p}}));
                }
            });
        }
    }
    engine.stop();
    BOOST_TEST(runners.finished());
    for (const auto& listener : listeners) {
        std::map<std::int64_t, std::int64_t> next;
        bool in_order = true;
        for (const auto& e : listener->events())
            in_order = in_order && field(e, "seq") == next[field(e, "producer")]++;
        BOOST_TEST(listener->count() == 6000U);
        BOOST_TEST(in_order);
    }
}

BOOST_AUTO_TEST_CASE(stop_from_a_thread_running_the_context_does_not_block) {
    boost::asio::io_context context;
    EventEngine engine(context.get_executor());
    auto listener = std::make_shared<RecordingListener>("l", std::vector{EventType::INFO});
    engine.register_listener(listener);
    engine.start();
    for (int i = 0; i < 100; ++i) engine.put(Event(EventType::INFO));
    boost::asio::post(context, [&] { engine.stop(); });
    ContextRunners runners(context, 1);
    BOOST_TEST(runners.finished());
    BOOST_TEST(!engine.is_running());
    BOOST_TEST(listener->count() == 100U);
}
