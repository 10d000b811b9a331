#define BOOST_TEST_MODULE tcp_line
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include "io_thread.hpp"
#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

namespace asio = boost::asio;
using namespace liquid_energy::core;
using asio::ip::tcp;
using boost::system::error_code;
using liquid_energy::test::default_deadline;
using liquid_energy::test::field;
using liquid_energy::test::IoThread;
using liquid_energy::test::RecordingListener;

namespace {

/// The completion of an async_run, handed to the test thread.
class Run {
  public:
    auto handler() {
        return [promise = promise_](error_code error) { promise->set_value(error); };
    }
    bool done() {
        return future_.wait_for(std::chrono::milliseconds(1)) == std::future_status::ready;
    }
    error_code outcome() {
        BOOST_REQUIRE(future_.wait_for(default_deadline) == std::future_status::ready);
        return future_.get();
    }

  private:
    std::shared_ptr<std::promise<error_code>> promise_ =
        std::make_shared<std::promise<error_code>>();
    std::future<error_code> future_ = promise_->get_future();
};

/// Two connected loopback sockets, `server` accepted on an ephemeral port, served by one thread.
struct Link {
    IoThread io;
    tcp::acceptor acceptor{io.context(), tcp::endpoint(asio::ip::address_v4::loopback(), 0)};
    tcp::socket server{io.context()};
    tcp::socket client{io.context()};

    Link() {
        BOOST_REQUIRE(acceptor.local_endpoint().port() != 0);
        client.connect(acceptor.local_endpoint());
        acceptor.accept(server);
    }

    void send(std::string_view bytes) { asio::write(client, asio::buffer(bytes)); }
};

/// A started engine with one threads and a recorder of the given types.
struct Engine {
    EventEngine engine{EngineOptions{.threads = 1}};
    std::shared_ptr<RecordingListener> recorder;

    explicit Engine(std::vector<EventType> recorded = {})
        : recorder(std::make_shared<RecordingListener>("recorder", std::move(recorded))) {
        engine.register_listener(recorder);
        engine.start();
    }

    std::vector<Event> wait_for_events(std::size_t count) {
        BOOST_REQUIRE(recorder->wait_for_count(count));
        return recorder->events();
    }
};

std::string text(const Event& event, const char* key) {
    return std::string(event.data().at(key).as_string());
}

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

BOOST_AUTO_TEST_CASE(bad_lines_are_reported_and_reading_goes_on) {
    Link link;
    Engine receiver({EventType::MARKET_DATA, EventType::ERROR});
    JsonLineConnector connector(link.server, receiver.engine, {.name = "feed-in"});
    Run read;
    connector.async_run(read.handler());

    const std::vector<std::string> bad{"not json", "[1,2]", R"({"type":"NOPE"})",
                                       R"({"type":"MARKET_DATA","data":5})"};
    for (const auto& line : bad) link.send(line + "\n");
    link.send(R"({"type":"MARKET_DATA","data":{"seq":1}})"
              "\n");

    const auto events = receiver.wait_for_events(bad.size() + 1);
    for (std::size_t i = 0; i < bad.size(); ++i) {
        BOOST_TEST(events[i].type() == EventType::ERROR);
        BOOST_TEST(text(events[i], "component") == "feed-in");
        BOOST_TEST(text(events[i], "line") == bad[i]);
        BOOST_TEST(!text(events[i], "error_message").empty());
    }
    BOOST_TEST(field(events.back(), "seq") == 1);

    link.client.close();
    BOOST_TEST(!read.outcome());
}

BOOST_AUTO_TEST_CASE(an_oversized_line_is_reported_and_skipped_to_its_newline) {
    Link link;
    Engine receiver({EventType::MARKET_DATA, EventType::ERROR});
    JsonLineConnector connector(link.server, receiver.engine, {.max_line_length = 64});
    Run read;
    connector.async_run(read.handler());

    link.send(std::string(100'000, 'x') + "\n" + R"({"type":"MARKET_DATA","data":{"seq":2}})" +
              "\n");

    const auto events = receiver.wait_for_events(2);
    BOOST_TEST(events[0].type() == EventType::ERROR);
    BOOST_TEST(text(events[0], "error_message") == "line longer than 64 bytes");
    BOOST_TEST(text(events[0], "line") == std::string(64, 'x'));
    BOOST_TEST(field(events[1], "seq") == 2);

    link.client.close();
    BOOST_TEST(!read.outcome());
}

BOOST_AUTO_TEST_CASE(a_peer_leaving_mid_line_is_reported_then_the_run_ends_cleanly) {
    Link link;
    Engine receiver({EventType::ERROR, EventType::SYSTEM});
    JsonLineConnector connector(link.server, receiver.engine);
    Run read;
    connector.async_run(read.handler());

    link.send(R"({"type":"MARK)");
    link.client.close();

    BOOST_TEST(!read.outcome());
    const auto events = receiver.wait_for_events(2);
    BOOST_TEST(events[0].type() == EventType::ERROR);
    BOOST_TEST(text(events[0], "error_message") == "connection closed in the middle of a line");
    BOOST_TEST(text(events[0], "line") == R"({"type":"MARK)");
    BOOST_TEST(events[1].type() == EventType::SYSTEM);
    BOOST_TEST(text(events[1], "reason") == "end of stream");
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
