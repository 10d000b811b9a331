#define BOOST_TEST_MODULE json_line_connector
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/socket_base.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "liquid_energy/wire.hpp"
#include "loopback.hpp"
#include "recording_listener.hpp"
#include "slow_listener.hpp"

namespace asio = boost::asio;
using namespace liquid_energy::core;
using namespace liquid_energy::wire;
using asio::ip::tcp;
using liquid_energy::test::Engine;
using liquid_energy::test::field;
using liquid_energy::test::Link;
using liquid_energy::test::Run;
using liquid_energy::test::SlowListener;
using liquid_energy::test::text;
using liquid_energy::test::wait_until;

namespace {

const std::string valid_line = R"({"type":"MARKET_DATA","data":{"seq":1}})";

/// A connector running on the server side of a loopback link, into an engine that records
/// `recorded`.
struct Reading {
    Link link;
    Engine receiver;
    JsonLineConnector connector;
    Run run;

    explicit Reading(std::vector<EventType> recorded, JsonLineConnector::Options options = {})
        : receiver(std::move(recorded)),
          connector(link.server, receiver.engine, std::move(options)) {
        connector.async_run(run.handler());
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(each_refused_line_is_reported_with_its_reason_and_counted) {
    Reading reading({EventType::MARKET_DATA, EventType::ERROR}, {.name = "feed-in"});

    const std::vector<std::pair<std::string, std::string>> refused{
        {"not json", "malformed"},
        {R"({"type":"MARKET_DATA")", "malformed"},
        {"[1,2]", "wrong_type"},
        {R"({"data":{}})", "wrong_type"},
        {R"({"type":5.5})", "wrong_type"},
        {R"({"type":"NOPE"})", "wrong_type"},
        {R"({"type":true})", "wrong_type"},
        {R"({"type":"INFO","data":[]})", "wrong_type"},
        {R"({"type":"INFO","source":7})", "wrong_type"},
    };
    for (const auto& [line, reason] : refused) reading.link.send(line + "\n");
    reading.link.send(" \t\n" + valid_line + "\n");

    const auto events = reading.receiver.wait_for_events(refused.size() + 1);
    for (std::size_t i = 0; i < refused.size(); ++i) {
        BOOST_TEST_CONTEXT("line " << refused[i].first) {
            BOOST_TEST(events[i].type() == EventType::ERROR);
            BOOST_TEST(events[i].source().value_or("") == "feed-in");
            BOOST_TEST(text(events[i], "component") == "feed-in");
            BOOST_TEST(text(events[i], "reason") == refused[i].second);
            BOOST_TEST(text(events[i], "line") == refused[i].first);
            BOOST_TEST(!text(events[i], "error_message").empty());
        }
    }
    BOOST_TEST(field(events.back(), "seq") == 1);

    reading.link.client.close();
    BOOST_TEST(!reading.run.outcome());
    const auto stats = reading.connector.stats();
    BOOST_TEST(stats.lines == refused.size() + 2);
    BOOST_TEST(stats.events == 1U);
    BOOST_TEST(stats.errors.malformed == 2U);
    BOOST_TEST(stats.errors.wrong_type == 7U);
    BOOST_TEST(stats.errors.total() == refused.size());
}

BOOST_AUTO_TEST_CASE(an_oversized_line_is_reported_once_skipped_and_never_held_whole) {
    Reading reading({EventType::MARKET_DATA, EventType::ERROR}, {.max_line_length = 64});

    reading.link.send(std::string(1'000'000, 'x') + "\n" + valid_line + "\n");

    const auto events = reading.receiver.wait_for_events(2);
    BOOST_TEST(events[0].type() == EventType::ERROR);
    BOOST_TEST(text(events[0], "reason") == "oversized");
    BOOST_TEST(text(events[0], "error_message") == "line longer than 64 bytes");
    BOOST_TEST(text(events[0], "line") == std::string(64, 'x'));
    BOOST_TEST(field(events[1], "seq") == 1);

    reading.link.client.close();
    BOOST_TEST(!reading.run.outcome());
    const auto stats = reading.connector.stats();
    BOOST_TEST(stats.errors.oversized == 1U);
    BOOST_TEST(stats.events == 1U);
    BOOST_TEST(stats.peak_buffered_bytes <= 64 + 1 + JsonLineConnector::read_size);
}

BOOST_AUTO_TEST_CASE(a_peer_leaving_mid_line_is_reported_then_the_run_ends_cleanly) {
    Reading reading({EventType::ERROR, EventType::SYSTEM});

    reading.link.send(R"({"type":"MARK)");
    reading.link.client.close();

    BOOST_TEST(!reading.run.outcome());
    const auto events = reading.receiver.wait_for_events(2);
    BOOST_TEST(events[0].type() == EventType::ERROR);
    BOOST_TEST(text(events[0], "reason") == "unfinished");
    BOOST_TEST(text(events[0], "error_message") == "connection closed in the middle of a line");
    BOOST_TEST(text(events[0], "line") == R"({"type":"MARK)");
    BOOST_TEST(events[1].type() == EventType::SYSTEM);
    BOOST_TEST(text(events[1], "reason") == "end of stream");
    BOOST_TEST(reading.connector.stats().errors.unfinished == 1U);
    BOOST_TEST(reading.connector.stats().lines == 1U);
}

BOOST_AUTO_TEST_CASE(a_peer_resetting_mid_line_is_reported_and_ends_the_run_with_the_error) {
    Reading reading({EventType::ERROR, EventType::SYSTEM});

    const std::string partial = R"({"type":"INFO","data":{"te)";
    reading.link.send(partial);
    BOOST_REQUIRE(wait_until([&] { return reading.connector.stats().peak_buffered_bytes > 0; }));
    reading.link.client.set_option(asio::socket_base::linger(true, 0));
    reading.link.client.close();

    BOOST_TEST(reading.run.outcome() == asio::error::connection_reset);
    const auto events = reading.receiver.wait_for_events(2);
    BOOST_TEST(text(events[0], "reason") == "unfinished");
    BOOST_TEST(text(events[0], "line") == partial);
    BOOST_TEST(text(events[1], "reason") == "read_error");
    BOOST_TEST(!text(events[1], "error_message").empty());
    BOOST_TEST(reading.connector.stats().errors.unfinished == 1U);
}

BOOST_AUTO_TEST_CASE(a_line_that_is_not_utf8_is_quoted_as_utf8_so_its_report_can_travel) {
    Reading reading({EventType::ERROR});

    reading.link.send("\xFF{\"type\":\"INFO\"}\xC3\n");

    const auto report = reading.receiver.wait_for_events(1).front();
    BOOST_TEST(text(report, "reason") == "malformed");
    BOOST_TEST(text(report, "line") == "\uFFFD{\"type\":\"INFO\"}\uFFFD");
    auto line = encode_json_line(report);
    line.pop_back();
    const auto decoded = decode_json_line(line);
    BOOST_REQUIRE(decoded.event);
    BOOST_TEST(decoded.event->data() == report.data());

    reading.link.client.close();
    BOOST_TEST(!reading.run.outcome());
}

BOOST_AUTO_TEST_CASE(a_flooding_peer_is_held_back_while_a_slow_listener_catches_up) {
    // Every line at least 100 bytes, so that one read holds at most read_size / 100 lines.
    constexpr std::size_t min_line = 100;
    constexpr std::size_t backlog_limit = 200;
    constexpr std::size_t max_line_length = 1024;
    const std::string pad(min_line, 'p');
    const std::string valid = R"({"type":"MARKET_DATA","data":{"pad":")" + pad + "\"}}\n";
    const std::string malformed = R"({"type":"MARKET_DATA","data":{"pad":")" + pad + "\n";
    const std::string wrong_type = R"({"type":"MARKET_DATA","data":[")" + pad + "\"]}\n";
    const std::string oversized = std::string(150'000, 'o') + "\n";
    std::string flood;
    std::size_t valid_count = 0;
    for (std::size_t i = 0; i < 4000; ++i) {
        flood += valid;
        ++valid_count;
        if (i % 4 == 1) flood += malformed;
        if (i % 4 == 3) flood += wrong_type;
        if (i % 200 == 0) flood += oversized;
    }
    BOOST_REQUIRE(flood.size() > 3'000'000);

    Link link;
    EventEngine engine{EngineOptions{.threads = 1}};
    const auto slow = std::make_shared<SlowListener>(engine, std::chrono::microseconds(50));
    engine.register_listener(slow);
    engine.start();
    JsonLineConnector connector(
        link.server, engine, {.max_line_length = max_line_length, .backlog_limit = backlog_limit});
    Run read;
    connector.async_run(read.handler());

    link.send(flood);
    link.client.shutdown(tcp::socket::shutdown_send);

    BOOST_TEST(!read.outcome());
    const auto stats = connector.stats();
    BOOST_TEST(stats.events == valid_count);
    BOOST_TEST(stats.errors.malformed == 1000U);
    BOOST_TEST(stats.errors.wrong_type == 1000U);
    BOOST_TEST(stats.errors.oversized == 20U);
    BOOST_TEST(stats.lines == valid_count + 2020);
    BOOST_TEST(stats.pauses > 0U);
    BOOST_TEST(stats.peak_buffered_bytes <= max_line_length + 1 + JsonLineConnector::read_size);

    const auto published = static_cast<std::int64_t>(stats.events + stats.errors.total() + 1);
    BOOST_REQUIRE(wait_until([&] { return slow->handled() == published; }));
    BOOST_TEST(slow->market_data() == static_cast<std::int64_t>(valid_count));
    // The lines one read ends: one begun before it, then whole ones.
    const auto lines_per_read =
        static_cast<std::int64_t>(1 + JsonLineConnector::read_size / min_line);
    BOOST_TEST(slow->peak_backlog() <= static_cast<std::int64_t>(backlog_limit) + lines_per_read);
}

BOOST_AUTO_TEST_CASE(a_refused_put_is_counted_and_reading_goes_on) {
    // Not started, so the first events fill the backlog and the next ones are refused.
    EventEngine engine{EngineOptions{
        .threads = 1, .max_backlog = 3, .default_policy = {.overflow = OverflowPolicy::reject}}};
    const auto recorder = std::make_shared<liquid_energy::test::RecordingListener>(
        "recorder", std::vector{EventType::MARKET_DATA});
    engine.register_listener(recorder);
    Link link;
    JsonLineConnector connector(link.server, engine);
    Run read;
    connector.async_run(read.handler());

    for (int i = 0; i < 5; ++i) link.send(valid_line + "\n");
    // A line is counted before its put: wait for the five puts' outcomes.
    BOOST_REQUIRE(wait_until([&] {
        const auto stats = connector.stats();
        return stats.events + stats.refused_puts == 5;
    }));
    BOOST_TEST(connector.stats().lines == 5U);
    BOOST_TEST(connector.stats().events == 3U);
    BOOST_TEST(connector.stats().refused_puts == 2U);
    BOOST_TEST(!read.done());

    engine.start();
    BOOST_REQUIRE(recorder->wait_for_count(3));
    // The backlog frees a slot only after the handler returns, a moment after it recorded.
    BOOST_REQUIRE(wait_until([&] { return engine.stats().backlog == 0; }));
    link.send(valid_line + "\n");
    BOOST_REQUIRE(wait_until([&] { return connector.stats().events == 4; }));
    link.client.close();
    BOOST_TEST(!read.outcome());
}

BOOST_AUTO_TEST_CASE(a_zero_line_limit_is_refused_at_construction) {
    Link link;
    Engine receiver;
    BOOST_CHECK_THROW(JsonLineConnector(link.server, receiver.engine, {.max_line_length = 0}),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_connector_with_a_source_stamps_it_on_every_event_it_reads) {
    Reading reading({EventType::MARKET_DATA}, {.name = "feed_reader", .source = "feed"});
    reading.link.send(R"({"type":"MARKET_DATA","data":{"seq":1},"source":"exchange"})"
                      "\n"
                      R"({"type":"MARKET_DATA","data":{"seq":2}})"
                      "\n");
    const auto events = reading.receiver.wait_for_events(2);
    BOOST_TEST(events[0].source().value_or("") == "feed");
    BOOST_TEST(events[1].source().value_or("") == "feed");
    BOOST_TEST(field(events[1], "seq") == 2);
    reading.link.client.close();
    BOOST_TEST(!reading.run.outcome());
}

BOOST_AUTO_TEST_CASE(an_event_of_a_type_not_accepted_is_reported_and_reading_goes_on) {
    Reading reading({EventType::MARKET_DATA, EventType::TRADE_UPDATE, EventType::ERROR},
                    {.name = "feed_reader", .accepted_types = {EventType::MARKET_DATA}});
    reading.link.send(R"({"type":"TRADE_UPDATE","data":{"qty":1000}})"
                      "\n" +
                      valid_line + "\n");
    const auto events = reading.receiver.wait_for_events(2);
    BOOST_TEST((events[0].type() == EventType::ERROR));
    BOOST_TEST(text(events[0], "reason") == "unexpected_type");
    BOOST_TEST((events[1].type() == EventType::MARKET_DATA));
    reading.link.client.close();
    BOOST_TEST(!reading.run.outcome());
    BOOST_TEST(reading.connector.stats().unexpected_types == 1U);
    BOOST_TEST(reading.connector.stats().events == 1U);
}
