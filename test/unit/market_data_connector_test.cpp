#define BOOST_TEST_MODULE market_data_connector
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/trading/csv_tick_parser.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"
#include "recording_listener.hpp"
#include "slow_listener.hpp"

using namespace liquid_energy::trading;
using liquid_energy::core::EventEngine;
using liquid_energy::core::EventType;
using liquid_energy::test::field;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::SlowListener;
using liquid_energy::test::wait_until;
using liquid_energy::wire::LineErrorCounts;

namespace {

using Result = std::tuple<boost::system::error_code, ReplaySummary>;

/// A data file in the temporary directory, removed at the end of the test.
class DataFile {
  public:
    explicit DataFile(const std::string& text)
        : path_(std::filesystem::temp_directory_path() /
                ("liquid_connector_test_" + std::to_string(getpid()) + "_" +
                 std::to_string(counter_++) + ".csv")) {
        std::ofstream(path_) << text;
    }
    ~DataFile() { std::filesystem::remove(path_); }
    const std::filesystem::path& path() const { return path_; }

  private:
    static inline int counter_ = 0;
    std::filesystem::path path_;
};

/// Runs a replay to completion.
Result replay(MarketDataConnector& connector) {
    std::promise<Result> done;
    connector.async_replay([&done](boost::system::error_code error, ReplaySummary summary) {
        done.set_value({error, summary});
    });
    auto result = done.get_future();
    BOOST_REQUIRE(result.wait_for(liquid_energy::test::default_deadline) ==
                  std::future_status::ready);
    return result.get();
}

/// An engine with a recorder of everything the connector publishes.
struct Harness {
    Harness() {
        engine.register_listener(recorder);
        engine.start();
    }

    EventEngine engine{{.threads = 2}};
    std::shared_ptr<RecordingListener> recorder = std::make_shared<RecordingListener>(
        "recorder", std::vector{EventType::MARKET_DATA, EventType::ERROR, EventType::SYSTEM});
};

std::string quote_line(long timestamp) {
    return std::to_string(timestamp) + ",ETH-USD,quote,99.5,1,100.5,2,,\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(publishes_each_valid_line_an_error_per_bad_line_then_end_of_data) {
    const DataFile file(std::string(csv_tick_header) + "\n" + quote_line(1) +
                        "2,ETH-USD,trade,,,,,100,0.5\n" + "3,ETH-USD,quote,abc,1,2,1,,\n" +
                        quote_line(4) + "garbage\n" + quote_line(6));
    Harness harness;
    MarketDataConnector connector(harness.engine, {.path = file.path()});

    const auto [error, summary] = replay(connector);
    BOOST_TEST(!error);
    BOOST_TEST(summary.lines == 7U);
    BOOST_TEST(summary.ticks == 4U);
    BOOST_TEST(summary.errors == 2U);
    BOOST_REQUIRE(harness.recorder->wait_for_count(7));

    const auto events = harness.recorder->events();
    std::vector<std::int64_t> timestamps;
    std::vector<std::int64_t> bad_lines;
    for (const auto& event : events) {
        if (event.type() == EventType::MARKET_DATA)
            timestamps.push_back(field(event, "timestamp_ns"));
        if (event.type() == EventType::ERROR) bad_lines.push_back(field(event, "line"));
    }
    BOOST_TEST((timestamps == std::vector<std::int64_t>{1, 2, 4, 6}));
    BOOST_TEST((bad_lines == std::vector<std::int64_t>{4, 6}));
    BOOST_TEST(events[2].data().at("error_message").as_string() ==
               "line 4: bid is not a number: 'abc'");
    BOOST_TEST((events.back().type() == EventType::SYSTEM));
    BOOST_TEST(events.back().data().at("kind").as_string() == end_of_data_kind);
    BOOST_TEST(connector.progress().ticks == 4U);
    BOOST_TEST(connector.progress().bytes_read == connector.progress().total_bytes);
}

BOOST_AUTO_TEST_CASE(each_refused_line_is_reported_with_its_reason_and_counted_and_replay_goes_on) {
    constexpr std::size_t max_line_length = 256;
    // The last line would be a tick, but the file ends before its newline: it was cut short.
    const DataFile file(std::string(csv_tick_header) + "\r\n" + quote_line(1) + "garbage\r\n" +
                        "3,ETH-USD,quote,abc,1,2,1,,\n" + "4,ETH-USD,quote,2,1,1,1,,\n" +
                        std::string(1'000'000, '9') + "\n" + quote_line(6) +
                        "7,ETH-USD,trade,,,,,100,0.5");
    Harness harness;
    MarketDataConnector connector(harness.engine,
                                  {.path = file.path(), .max_line_length = max_line_length});

    const auto [error, summary] = replay(connector);
    BOOST_TEST(!error);
    BOOST_TEST(summary.lines == 8U);
    BOOST_TEST(summary.ticks == 2U);
    BOOST_TEST(summary.errors == 5U);
    BOOST_TEST((
        summary.errors_by_reason ==
        LineErrorCounts{
            .malformed = 1, .wrong_type = 1, .invalid_value = 1, .oversized = 1, .unfinished = 1}));
    BOOST_TEST(summary.peak_buffered_bytes <= max_line_length + 1 + MarketDataConnector::read_size);

    BOOST_REQUIRE(harness.recorder->wait_for_count(8));
    std::vector<std::string> reasons;
    std::vector<std::int64_t> bad_lines;
    std::vector<std::int64_t> timestamps;
    for (const auto& event : harness.recorder->events()) {
        if (event.type() == EventType::ERROR) {
            reasons.emplace_back(event.data().at("reason").as_string());
            bad_lines.push_back(field(event, "line"));
        }
        if (event.type() == EventType::MARKET_DATA) {
            timestamps.push_back(field(event, "timestamp_ns"));
        }
    }
    BOOST_TEST((reasons == std::vector<std::string>{"malformed", "wrong_type", "invalid_value",
                                                    "oversized", "unfinished"}));
    BOOST_TEST((bad_lines == std::vector<std::int64_t>{3, 4, 5, 6, 8}));
    BOOST_TEST((timestamps == std::vector<std::int64_t>{1, 6}));
    const auto last = harness.recorder->events().back();
    BOOST_TEST((last.type() == EventType::SYSTEM));
    BOOST_TEST(field(last, "errors") == 5);
}

BOOST_AUTO_TEST_CASE(a_long_file_reaches_a_slow_listener_within_the_backlog_limit) {
    constexpr std::size_t backlog_limit = 64;
    std::string text;
    for (int line = 1; line <= 3000; ++line) text += line % 2 == 1 ? quote_line(line) : "garbage\n";
    const DataFile file(text);
    EventEngine engine{{.threads = 1}};
    const auto slow = std::make_shared<SlowListener>(engine, std::chrono::microseconds(50));
    engine.register_listener(slow);
    engine.start();
    MarketDataConnector connector(engine, {.path = file.path(), .backlog_limit = backlog_limit});

    const auto [error, summary] = replay(connector);
    BOOST_TEST(!error);
    BOOST_TEST(summary.ticks == 1500U);
    BOOST_TEST(summary.errors_by_reason.malformed == 1500U);
    BOOST_TEST(summary.pauses > 0U);
    BOOST_REQUIRE(wait_until([&] { return slow->handled() == 3001; }));
    BOOST_TEST(slow->market_data() == 1500);
    // The end_of_data event may follow the last batch without a wait.
    BOOST_TEST(slow->peak_backlog() <= static_cast<std::int64_t>(backlog_limit) + 1);
}

BOOST_AUTO_TEST_CASE(a_zero_line_limit_is_refused_at_construction) {
    Harness harness;
    BOOST_CHECK_THROW(MarketDataConnector(harness.engine, {.path = "x.csv", .max_line_length = 0}),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_file_without_the_header_is_read_from_its_first_line) {
    const DataFile file(quote_line(1) + quote_line(2));
    Harness harness;
    MarketDataConnector connector(harness.engine, {.path = file.path()});
    const auto [error, summary] = replay(connector);
    BOOST_TEST(!error);
    BOOST_TEST(summary.ticks == 2U);
    BOOST_TEST(summary.errors == 0U);
}

BOOST_AUTO_TEST_CASE(a_missing_file_fails_and_publishes_nothing) {
    Harness harness;
    MarketDataConnector connector(harness.engine, {.path = "/nonexistent/liquid/data.csv"});
    const auto [error, summary] = replay(connector);
    BOOST_TEST((error == boost::system::errc::no_such_file_or_directory));
    harness.engine.stop();
    BOOST_TEST(harness.recorder->count() == 0U);
}

BOOST_AUTO_TEST_CASE(a_paced_replay_follows_the_timestamps) {
    // 300 ms of data at twice real time: at least 150 ms.
    const DataFile file(quote_line(1'000'000'000) + quote_line(1'150'000'000) +
                        quote_line(1'300'000'000));
    Harness harness;
    MarketDataConnector connector(harness.engine, {.path = file.path(), .speed = 2});
    const auto start = std::chrono::steady_clock::now();
    const auto [error, summary] = replay(connector);
    BOOST_TEST(!error);
    BOOST_TEST(summary.ticks == 3U);
    BOOST_TEST((std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150)));
}

BOOST_AUTO_TEST_CASE(cancellation_stops_a_replay_that_still_ends_its_data) {
    // The second tick is due 100 s after the first: only cancellation can end this in time.
    const DataFile file(quote_line(1'000'000'000) + quote_line(101'000'000'000));
    Harness harness;
    MarketDataConnector connector(harness.engine, {.path = file.path(), .speed = 1});
    boost::asio::cancellation_signal cancel;
    std::promise<Result> done;
    connector.async_replay(boost::asio::bind_cancellation_slot(
        cancel.slot(), [&done](boost::system::error_code error, ReplaySummary summary) {
            done.set_value({error, summary});
        }));
    BOOST_REQUIRE(harness.recorder->wait_for_count(1));
    boost::asio::post(connector.get_executor(),
                      [&cancel] { cancel.emit(boost::asio::cancellation_type::terminal); });

    auto result = done.get_future();
    BOOST_REQUIRE(result.wait_for(liquid_energy::test::default_deadline) ==
                  std::future_status::ready);
    const auto [error, summary] = result.get();
    BOOST_TEST((error == boost::asio::error::operation_aborted));
    BOOST_TEST(summary.ticks == 1U);
    BOOST_REQUIRE(harness.recorder->wait_for_count(2));
    BOOST_TEST((harness.recorder->events().back().type() == EventType::SYSTEM));
}
