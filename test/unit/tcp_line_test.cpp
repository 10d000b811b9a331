#define BOOST_TEST_MODULE tcp_line
#include <array>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "liquid_energy/wire.hpp"
#include "loopback.hpp"

namespace asio = boost::asio;
using namespace liquid_energy::core;
using namespace liquid_energy::wire;
using asio::ip::tcp;
using liquid_energy::test::default_deadline;
using liquid_energy::test::Engine;
using liquid_energy::test::field;
using liquid_energy::test::Link;
using liquid_energy::test::Run;
using liquid_energy::test::text;

namespace {

Event market(int seq) { return Event(EventType::MARKET_DATA, {{"seq", seq}}, "feed"); }

}  // namespace

BOOST_AUTO_TEST_CASE(events_travel_from_a_writer_to_a_connector_over_loopback) {
    Link link;
    Engine sender;
    Engine receiver({EventType::MARKET_DATA, EventType::SYSTEM});
    JsonLineWriter writer(link.server, sender.engine, {EventType::MARKET_DATA});
    JsonLineConnector connector(link.client, receiver.engine);
    Run written;
    writer.async_run(written.handler());
    Run read;
    connector.async_run(read.handler());

    for (int seq = 1; seq <= 3; ++seq) sender.engine.put(market(seq));
    auto events = receiver.wait_for_events(3);
    for (int seq = 1; seq <= 3; ++seq) {
        BOOST_TEST(field(events[seq - 1], "seq") == seq);
        BOOST_TEST(events[seq - 1].source().value_or("") == "feed");
    }

    writer.close();
    BOOST_TEST(!written.outcome());
    link.server.shutdown(tcp::socket::shutdown_send);
    BOOST_TEST(!read.outcome());
    events = receiver.wait_for_events(4);
    BOOST_TEST(events[3].type() == EventType::SYSTEM);
    BOOST_TEST(text(events[3], "status") == "disconnected");
}

BOOST_AUTO_TEST_CASE(cancelling_the_run_ends_it_with_operation_aborted) {
    Link link;
    Engine receiver;
    JsonLineConnector connector(link.server, receiver.engine);
    asio::cancellation_signal cancel;
    Run read;
    connector.async_run(asio::bind_cancellation_slot(cancel.slot(), read.handler()));
    Run second;
    connector.async_run(second.handler());
    BOOST_TEST(second.outcome() == asio::error::in_progress);

    asio::post(link.io.get_executor(), [&] { cancel.emit(asio::cancellation_type::terminal); });
    BOOST_TEST(read.outcome() == asio::error::operation_aborted);
}

BOOST_AUTO_TEST_CASE(a_write_to_a_vanished_peer_is_reported_and_ends_the_run) {
    Link link;
    Engine sender({EventType::ERROR});
    JsonLineWriter writer(link.server, sender.engine, {EventType::MARKET_DATA},
                          {.name = "feed-out"});
    Run written;
    writer.async_run(written.handler());
    link.client.close();

    // The first writes may still fit in the kernel's buffers; the peer's reset fails a later one.
    const auto deadline = std::chrono::steady_clock::now() + default_deadline;
    for (int seq = 0; !written.done(); ++seq) {
        BOOST_REQUIRE(std::chrono::steady_clock::now() < deadline);
        sender.engine.put(market(seq));
    }
    BOOST_TEST(written.outcome().failed());
    const auto events = sender.wait_for_events(1);
    BOOST_TEST(text(events[0], "component") == "feed-out");
}

namespace {

Event tick(const char* symbol, int seq) {
    return Event(EventType::MARKET_DATA, {{"symbol", symbol}, {"seq", seq}}, "feed");
}

/// An order report big enough that a few fill the loopback buffers.
Event big_report(int seq) {
    return Event(EventType::ORDER_UPDATE, {{"seq", seq}, {"pad", std::string(64 * 1024, 'p')}},
                 "exchange");
}

/// Shrinks the sender's buffer, so that a peer that does not read is felt sooner. (Shrinking the
/// receiver's window of an open connection would stall TCP on its persist timer instead.)
void narrow(Link& link) { link.server.set_option(asio::socket_base::send_buffer_size(4096)); }

/// Reads whole lines from a blocking socket until `done` says so for one.
template <typename Done>
std::vector<Event> read_until(tcp::socket& socket, Done done) {
    std::vector<Event> events;
    std::string buffer;
    for (;;) {
        const auto end = asio::read_until(socket, asio::dynamic_buffer(buffer), '\n');
        auto decoded = decode_json_line(std::string_view(buffer).substr(0, end - 1));
        buffer.erase(0, end);
        BOOST_REQUIRE(decoded.event);
        events.push_back(std::move(*decoded.event));
        if (done(events.back())) return events;
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(gap_lines_count_every_tick_conflated_for_a_late_reader) {
    Link link;
    narrow(link);
    Engine sender;
    JsonLineWriter writer(link.server, sender.engine,
                          {EventType::MARKET_DATA, EventType::ORDER_UPDATE}, {.capacity = 8});
    Run written;
    writer.async_run(written.handler());
    constexpr int ticks = 20'000;
    const std::array symbols{"AAA", "BBB", "CCC"};
    for (int seq = 0; seq < ticks; ++seq) sender.engine.put(tick(symbols[seq % 3], seq));
    sender.engine.put(Event(EventType::ORDER_UPDATE, {{"end", true}}, "exchange"));

    const auto events =
        read_until(link.client, [](const Event& event) { return event.data().contains("end"); });
    std::uint64_t received = 0;
    std::uint64_t conflated = 0;
    std::map<std::string, std::int64_t> last_seq;
    for (const auto& event : events) {
        if (event.type() == EventType::MARKET_DATA) {
            ++received;
            last_seq[text(event, "symbol")] = field(event, "seq");
        } else if (event.type() == EventType::SYSTEM) {
            BOOST_TEST(text(event, "status") == "gap");
            conflated += event.data().at("conflated").to_number<std::uint64_t>();
            for (const auto& symbol : event.data().at("symbols").as_array()) {
                BOOST_TEST((symbol == "AAA" || symbol == "BBB" || symbol == "CCC"));
            }
        }
    }
    BOOST_TEST(conflated > 0U);
    BOOST_TEST(received + conflated == static_cast<std::uint64_t>(ticks));
    BOOST_TEST(conflated == writer.conflated());
    // Conflation keeps the newest tick of each symbol.
    BOOST_TEST(last_seq["CCC"] == ticks - 3);
    BOOST_TEST(last_seq["AAA"] == ticks - 2);
    BOOST_TEST(last_seq["BBB"] == ticks - 1);
    writer.close();
    BOOST_TEST(!written.outcome());
}

BOOST_AUTO_TEST_CASE(a_writer_behind_holds_its_reader_back_and_loses_no_report) {
    Link link;
    Engine sender;
    JsonLineWriter writer(link.server, sender.engine, {EventType::ORDER_UPDATE}, {.capacity = 2});
    Run written;
    writer.async_run(written.handler());
    // Far more than the loopback buffers hold.
    constexpr int reports = 300;
    for (int seq = 0; seq < reports; ++seq) sender.engine.put(big_report(seq));
    BOOST_REQUIRE(liquid_energy::test::wait_until(
        [&] { return sender.engine.stats().handled == static_cast<std::uint64_t>(reports); }));

    Run ready;
    asio::post(link.io.get_executor(), [&] { writer.async_wait_ready(ready.handler()); });
    BOOST_TEST(!ready.done());
    const auto events = read_until(
        link.client, [](const Event& event) { return field(event, "seq") == reports - 1; });
    BOOST_TEST(events.size() == static_cast<std::size_t>(reports));
    BOOST_TEST(!ready.outcome());
    writer.close();
    BOOST_TEST(!written.outcome());
}

namespace {

/// A writer of order reports, with a 100 ms catch-up deadline, to a peer that reads nothing.
struct UnreadWriter {
    static constexpr int reports = 300;

    Link link;
    Engine sender;
    JsonLineWriter writer{(narrow(link), link.server),
                          sender.engine,
                          {EventType::ORDER_UPDATE},
                          {.capacity = 2, .catch_up_deadline = std::chrono::milliseconds(100)}};
    Run written;

    UnreadWriter() {
        narrow(link);
        writer.async_run(written.handler());
        for (int seq = 0; seq < reports; ++seq) sender.engine.put(big_report(seq));
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_peer_that_stops_reading_is_closed_past_the_deadline_unasked) {
    // No reader asks the writer anything: the stuck write alone must bring the deadline.
    UnreadWriter unread;
    BOOST_TEST(unread.written.outcome() == asio::error::timed_out);
}

BOOST_AUTO_TEST_CASE(a_peer_behind_past_the_deadline_ends_the_run_timed_out) {
    UnreadWriter unread;
    // Every report waits for the writer before the reader asks whether it may read.
    BOOST_REQUIRE(liquid_energy::test::wait_until([&] {
        return unread.sender.engine.stats().handled ==
               static_cast<std::uint64_t>(UnreadWriter::reports);
    }));
    Run ready;
    asio::post(unread.link.io.get_executor(),
               [&] { unread.writer.async_wait_ready(ready.handler()); });
    BOOST_TEST(unread.written.outcome() == asio::error::timed_out);
    BOOST_TEST(ready.outcome() == asio::error::operation_aborted);
}
