#define BOOST_TEST_MODULE tcp_line
#include <chrono>
#include <string>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "loopback.hpp"

namespace asio = boost::asio;
using namespace liquid_energy::core;
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
