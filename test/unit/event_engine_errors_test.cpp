#define BOOST_TEST_MODULE event_engine_errors
#include <cstddef>
#include <exception>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <boost/core/null_deleter.hpp>
#include <boost/log/core.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/test/unit_test.hpp>

#include "engine_checks.hpp"
#include "liquid_energy/core.hpp"
#include "numbered_events.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using liquid_energy::test::check_balanced;
using liquid_energy::test::field;
using liquid_energy::test::recorder;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::run_numbered;

namespace {

/// Captures what the library logs while a test runs.
class CapturedLog {
  public:
    CapturedLog() {
        auto backend = boost::make_shared<boost::log::sinks::text_ostream_backend>();
        backend->add_stream(boost::shared_ptr<std::ostream>(&stream_, boost::null_deleter()));
        backend->auto_flush(true);
        sink_ = boost::make_shared<Sink>(backend);
        boost::log::core::get()->add_sink(sink_);
    }
    ~CapturedLog() { boost::log::core::get()->remove_sink(sink_); }
    CapturedLog(const CapturedLog&) = delete;
    CapturedLog& operator=(const CapturedLog&) = delete;

    std::string text() {
        sink_->flush();
        return stream_.str();
    }

  private:
    using Sink = boost::log::sinks::synchronous_sink<boost::log::sinks::text_ostream_backend>;
    std::ostringstream stream_;
    boost::shared_ptr<Sink> sink_;
};

std::shared_ptr<RecordingListener> thrower(const std::string& name, EventType type) {
    return std::make_shared<RecordingListener>(name, std::vector{type}, [](const Event& e) {
        if (field(e, "seq") % 2 == 0)
            throw std::runtime_error("bad tick " + std::to_string(field(e, "seq")));
    });
}

/// How many of the ERROR events `errors` handled carry `message`.
std::size_t errors_saying(const RecordingListener& errors, std::string_view message) {
    std::size_t found = 0;
    for (const auto& error : errors.events()) {
        found += error.data().at("error_message").as_string() == message ? 1 : 0;
    }
    return found;
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

}  // namespace

BOOST_AUTO_TEST_CASE(a_throwing_handler_becomes_an_error_event_and_the_listener_goes_on) {
    CapturedLog log;
    EventEngine engine(EngineOptions{.threads = 2});
    auto failing = thrower("fragile_strategy", EventType::MARKET_DATA);
    auto errors = std::make_shared<RecordingListener>("errors", std::vector{EventType::ERROR});
    engine.register_listener(failing);
    engine.register_listener(errors);
    engine.start();
    for (int i = 0; i < 10; ++i) engine.put(Event(EventType::MARKET_DATA, {{"seq", i}}));
    engine.stop();

    BOOST_TEST(failing->count() == 10U);
    const auto reported = errors->events();
    BOOST_REQUIRE(reported.size() == 5U);
    const auto& data = reported.front().data();
    BOOST_TEST(field(reported.front(), "original_event_type") ==
               static_cast<int>(EventType::MARKET_DATA));
    BOOST_TEST(data.at("original_event_type_name").as_string() == "MARKET_DATA");
    BOOST_TEST(data.at("error_message").as_string() == "bad tick 0");
    BOOST_TEST(data.at("component").as_string() == "fragile_strategy");
    BOOST_TEST(engine.stats().failed == 5U);
    BOOST_TEST(engine.stats().handled == 10U);
    BOOST_TEST(log.text().find(
                   "listener 'fragile_strategy' threw while handling MARKET_DATA: bad tick 0") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_failing_error_handler_does_not_start_an_error_storm) {
    CapturedLog log;
    EventEngine engine(EngineOptions{.threads = 2});
    auto failing = thrower("fragile_strategy", EventType::MARKET_DATA);
    auto failing_errors = std::make_shared<RecordingListener>(
        "fragile_alerts", std::vector{EventType::ERROR},
        [](const Event&) { throw std::runtime_error("pager down"); });
    engine.register_listener(failing);
    engine.register_listener(failing_errors);
    engine.start();
    engine.put(Event(EventType::MARKET_DATA, {{"seq", 0}}));
    engine.stop();

    BOOST_TEST(failing_errors->count() == 1U);
    BOOST_TEST(engine.stats().failed == 2U);
    BOOST_TEST(engine.stats().accepted == 2U);
    BOOST_TEST(
        log.text().find("listener 'fragile_alerts' threw while handling ERROR: pager down") !=
        std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_handler_throwing_a_non_standard_exception_is_reported_too) {
    EventEngine engine(EngineOptions{.threads = 1});
    auto odd = std::make_shared<RecordingListener>("odd", std::vector{EventType::INFO},
                                                   [](const Event&) { throw 42; });
    auto errors = std::make_shared<RecordingListener>("errors", std::vector{EventType::ERROR});
    engine.register_listener(odd);
    engine.register_listener(errors);
    engine.start();
    engine.put(Event(EventType::INFO));
    engine.stop();
    BOOST_REQUIRE(errors->count() == 1U);
    BOOST_TEST(errors->events()[0].data().at("error_message").as_string() == "unknown exception");
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_is_counted_as_failed_and_reported_once_per_throw) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto thrower = recorder("thrower", {EventType::INFO}, [](const Event& e) {
        if (field(e, "seq") % 3 == 0) throw std::runtime_error("planned failure");
        if (field(e, "seq") % 3 == 1) throw 42;
    });
    auto errors = recorder("errors", {EventType::ERROR});
    constexpr int count = 300;
    run_numbered(engine, {thrower, errors}, EventType::INFO, count);

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
    constexpr int count = 200;
    run_numbered(engine, {fragile, after, errors}, EventType::INFO, count);

    BOOST_TEST(fragile->count() == std::size_t{count});
    BOOST_TEST(after->count() == std::size_t{count});
    BOOST_REQUIRE(errors->count() == std::size_t{count});
    BOOST_TEST(errors_saying(*errors, "a local's destructor threw") == std::size_t{count / 2});
    BOOST_TEST(errors_saying(*errors, "the handler threw") == std::size_t{count / 2});
    BOOST_TEST(engine.stats().failed == std::size_t{count});
    check_balanced(engine, 2 * count);
}
