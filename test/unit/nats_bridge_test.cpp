#define BOOST_TEST_MODULE nats_bridge
#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nats/nats.h>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include "gate.hpp"
#include "liquid_energy/core.hpp"
#include "liquid_energy/nats/bridge.hpp"
#include "liquid_energy/nats/subject.hpp"
#include "nats_server.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using namespace std::chrono_literals;
using liquid_energy::nats::Bridge;
using liquid_energy::nats::BridgeOptions;
using liquid_energy::nats::ConnectError;
using liquid_energy::test::Gate;
using liquid_energy::test::NatsServer;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::wait_until;

namespace {

BridgeOptions exporting(const NatsServer& server) {
    BridgeOptions options;
    options.servers = {server.url()};
    options.export_types = {EventType::MARKET_DATA};
    options.reconnect_wait = 100ms;
    options.name = "exporter";
    return options;
}

BridgeOptions importing(const NatsServer& server, std::string durable) {
    BridgeOptions options;
    options.servers = {server.url()};
    options.import_subject = "liquid.MARKET_DATA.>";
    options.durable = std::move(durable);
    options.reconnect_wait = 100ms;
    options.name = "importer";
    return options;
}

// An engine with a bridge and a listener of the imported type; the bridge goes first.
struct Node {
    explicit Node(BridgeOptions options, RecordingListener::Action action = {})
        : recorder(std::make_shared<RecordingListener>(
              "recorder", std::vector{EventType::MARKET_DATA}, std::move(action))),
          errors(std::make_shared<RecordingListener>(
              "errors", std::vector{EventType::ERROR, EventType::SYSTEM})),
          bridge(std::make_unique<Bridge>(engine, std::move(options))) {
        engine.register_listener(recorder);
        engine.register_listener(errors);
        engine.start();
        bridge->start();
    }
    ~Node() {
        bridge.reset();
        engine.stop();
    }
    void stop_bridge() { bridge->async_stop(boost::asio::use_future).get(); }

    EventEngine engine{EngineOptions{.threads = 2}};
    std::shared_ptr<RecordingListener> recorder;
    std::shared_ptr<RecordingListener> errors;
    std::unique_ptr<Bridge> bridge;
};

void put_ticks(EventEngine& engine, int first, int count) {
    for (int seq = first; seq < first + count; ++seq)
        BOOST_REQUIRE(engine.put(Event(EventType::MARKET_DATA, {{"seq", seq}}, "feed.1")));
}

std::multiset<std::int64_t> sequences(const RecordingListener& listener) {
    std::multiset<std::int64_t> seen;
    for (const auto& event : listener.events()) seen.insert(event.data().at("seq").as_int64());
    return seen;
}

std::multiset<std::int64_t> range(int first, int count) {
    std::multiset<std::int64_t> expected;
    for (int seq = first; seq < first + count; ++seq) expected.insert(seq);
    return expected;
}

// Publishes raw bytes on a subject of the stream, as a foreign producer would.
void publish_raw(const NatsServer& server, const std::string& subject, const std::string& body) {
    natsConnection* connection = nullptr;
    BOOST_REQUIRE_EQUAL(natsConnection_ConnectTo(&connection, server.url().c_str()), NATS_OK);
    jsCtx* js = nullptr;
    BOOST_REQUIRE_EQUAL(natsConnection_JetStream(&js, connection, nullptr), NATS_OK);
    jsPubAck* ack = nullptr;
    BOOST_CHECK_EQUAL(js_Publish(&ack, js, subject.c_str(), body.data(),
                                 static_cast<int>(body.size()), nullptr, nullptr),
                      NATS_OK);
    jsPubAck_Destroy(ack);
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
}

}  // namespace

BOOST_AUTO_TEST_CASE(any_source_becomes_one_valid_subject_token) {
    using liquid_energy::nats::escape_subject_token;
    BOOST_TEST(escape_subject_token("feed_1-a") == "feed_1-a");
    BOOST_TEST(escape_subject_token("feed.1 *>%") == "feed%2E1%20%2A%3E%25");
    BOOST_TEST(escape_subject_token("") == "%");
    const Event event(EventType::ORDER_UPDATE, {}, "desk.a");
    BOOST_TEST(liquid_energy::nats::subject_for("liquid", event) == "liquid.ORDER_UPDATE.desk%2Ea");
}

BOOST_AUTO_TEST_CASE(exported_events_reach_another_engine_with_type_source_and_payload) {
    NatsServer server;
    Node exporter(exporting(server));
    Node importer(importing(server, "reader"));
    const Event first(EventType::MARKET_DATA, {{"seq", -1}}, "feed.1",
                      Event::clock::time_point(std::chrono::seconds(1700000000)));
    BOOST_REQUIRE(exporter.engine.put(first));
    put_ticks(exporter.engine, 0, 49);
    BOOST_REQUIRE(importer.recorder->wait_for_count(50));
    const auto events = importer.recorder->events();
    BOOST_TEST((events.front().timestamp() == first.timestamp()));
    BOOST_TEST(sequences(*importer.recorder) == range(-1, 50));
    BOOST_TEST(events.front().source().value() == "feed.1");
    BOOST_TEST(events.front().type() == EventType::MARKET_DATA);
    BOOST_TEST(wait_until([&] { return importer.bridge->stats().pending_acks == 0; }));
    // The importer may see the last event before the exporter has counted the stream's ack.
    BOOST_TEST(wait_until([&] { return exporter.bridge->stats().acknowledged == 50u; }));
    BOOST_TEST(importer.bridge->stats().imported == 50u);
}

BOOST_AUTO_TEST_CASE(imported_events_are_not_exported_again) {
    NatsServer server;
    Node exporter(exporting(server));
    auto both = importing(server, "echo");
    both.export_types = {EventType::MARKET_DATA};
    Node echo(both);
    put_ticks(exporter.engine, 0, 20);
    BOOST_REQUIRE(echo.recorder->wait_for_count(20));
    BOOST_TEST(wait_until([&] { return echo.bridge->stats().pending_acks == 0; }));
    BOOST_TEST(echo.bridge->stats().published == 0u);
    put_ticks(echo.engine, 100, 1);
    BOOST_TEST(wait_until([&] { return echo.bridge->stats().acknowledged == 1; }));
}

BOOST_AUTO_TEST_CASE(a_message_is_acked_only_after_every_listener_handled_it) {
    NatsServer server;
    Node exporter(exporting(server));
    Gate gate;
    Node importer(importing(server, "gated"), [&](const Event&) { gate.pass(); });
    put_ticks(exporter.engine, 0, 3);
    BOOST_REQUIRE(gate.wait_for_arrival());
    BOOST_TEST(wait_until([&] { return importer.bridge->stats().imported == 3; }));
    BOOST_TEST(importer.bridge->stats().pending_acks == 3u);
    gate.open();
    BOOST_TEST(wait_until([&] { return importer.bridge->stats().pending_acks == 0; }));
}

BOOST_AUTO_TEST_CASE(unacked_messages_are_bounded) {
    NatsServer server;
    Node exporter(exporting(server));
    Gate gate;
    auto options = importing(server, "bounded");
    options.max_pending_acks = 4;
    Node importer(options, [&](const Event&) { gate.pass(); });
    put_ticks(exporter.engine, 0, 20);
    BOOST_REQUIRE(wait_until([&] { return exporter.bridge->stats().acknowledged == 20; }));
    BOOST_REQUIRE(wait_until([&] { return importer.bridge->stats().imported == 4; }));
    BOOST_TEST(!wait_until([&] { return importer.bridge->stats().imported > 4; }, 500ms));
    gate.open();
    BOOST_REQUIRE(importer.recorder->wait_for_count(20));
    BOOST_TEST(sequences(*importer.recorder) == range(0, 20));
}

BOOST_AUTO_TEST_CASE(a_redelivery_of_a_message_being_handled_is_skipped) {
    NatsServer server;
    Node exporter(exporting(server));
    Gate gate;
    auto options = importing(server, "slow");
    options.ack_wait = 500ms;
    Node importer(options, [&](const Event&) { gate.pass(); });
    put_ticks(exporter.engine, 0, 1);
    BOOST_REQUIRE(wait_until([&] { return importer.bridge->stats().duplicates_skipped >= 1; }));
    BOOST_TEST(importer.bridge->stats().redelivered >= 1u);
    gate.open();
    BOOST_TEST(wait_until([&] { return importer.bridge->stats().pending_acks == 0; }));
    BOOST_TEST(importer.recorder->events().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_foreign_message_is_an_error_event_and_does_not_block_the_consumer) {
    NatsServer server;
    Node exporter(exporting(server));
    Node importer(importing(server, "strict"));
    put_ticks(exporter.engine, 0, 1);
    BOOST_REQUIRE(importer.recorder->wait_for_count(1));
    publish_raw(server, "liquid.MARKET_DATA.intruder", "not json");
    put_ticks(exporter.engine, 1, 1);
    BOOST_REQUIRE(importer.recorder->wait_for_count(2));
    BOOST_REQUIRE(importer.errors->wait_for_count(1));
    const auto error = importer.errors->events().front();
    BOOST_TEST(error.type() == EventType::ERROR);
    BOOST_TEST(error.data().at("subject").as_string() == "liquid.MARKET_DATA.intruder");
    BOOST_TEST(!error.data().at("reason").as_string().empty());
    BOOST_TEST(importer.bridge->stats().foreign == 1u);
}

BOOST_AUTO_TEST_CASE(a_broker_restart_loses_nothing_and_duplicates_nothing) {
    NatsServer server;
    Node exporter(exporting(server));
    Node importer(importing(server, "steady"));
    put_ticks(exporter.engine, 0, 100);
    BOOST_REQUIRE(importer.recorder->wait_for_count(100));
    server.stop();
    BOOST_REQUIRE(importer.errors->wait_for_count(1));
    put_ticks(exporter.engine, 100, 100);
    server.start();
    BOOST_REQUIRE(importer.recorder->wait_for_count(200, 60s));
    BOOST_TEST(wait_until([&] { return importer.bridge->stats().pending_acks == 0; }, 60s));
    BOOST_TEST(sequences(*importer.recorder) == range(0, 200));
    BOOST_TEST(importer.errors->events().front().data().at("nats").as_string() ==
               "connection lost");
}

BOOST_AUTO_TEST_CASE(what_a_lost_consumer_left_unacked_is_redelivered_to_its_successor_once) {
    NatsServer server;
    Node exporter(exporting(server));
    auto options = importing(server, "durable");
    options.ack_wait = 1s;
    {
        Gate never;
        Node lost(options, [&](const Event&) { never.pass(2s); });
        put_ticks(exporter.engine, 0, 5);
        BOOST_REQUIRE(wait_until([&] { return lost.bridge->stats().imported == 5; }));
        lost.bridge.reset();  // gone without acking, as a crash
    }
    Node successor(options);
    BOOST_REQUIRE(successor.recorder->wait_for_count(5));
    BOOST_TEST(!successor.recorder->wait_for_count(6, 1500ms));
    BOOST_TEST(sequences(*successor.recorder) == range(0, 5));
}

BOOST_AUTO_TEST_CASE(stop_acks_what_was_handled_so_a_successor_starts_after_it) {
    NatsServer server;
    Node exporter(exporting(server));
    auto options = importing(server, "orderly");
    {
        Node first(options);
        put_ticks(exporter.engine, 0, 10);
        BOOST_REQUIRE(first.recorder->wait_for_count(10));
        first.stop_bridge();
        BOOST_TEST(first.bridge->stats().pending_acks == 0u);
    }
    put_ticks(exporter.engine, 10, 1);
    Node successor(options);
    BOOST_REQUIRE(successor.recorder->wait_for_count(1));
    BOOST_TEST(!successor.recorder->wait_for_count(2, 500ms));
    BOOST_TEST(successor.recorder->events().front().data().at("seq").as_int64() == 10);
}

BOOST_AUTO_TEST_CASE(a_broker_that_is_down_at_start_is_a_connect_error) {
    std::string url;
    {
        NatsServer gone;
        url = gone.url();
    }
    EventEngine engine(EngineOptions{.threads = 1});
    BridgeOptions options;
    options.servers = {url};
    options.connect_attempts = 2;
    options.reconnect_wait = 10ms;
    Bridge bridge(engine, options);
    BOOST_CHECK_EXCEPTION(bridge.start(), ConnectError, [&](const ConnectError& error) {
        return std::string(error.what()).find(url) != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(paced_imports_wait_for_credits_and_keep_their_order) {
    NatsServer server;
    auto export_options = exporting(server);
    export_options.export_types = {EventType::MARKET_DATA, EventType::INFO};
    Node exporter(export_options);
    auto options = importing(server, "paced");
    options.import_subject = "liquid.>";
    options.paced_import = [](const Event& event) {
        return event.type() == EventType::MARKET_DATA;
    };
    Node importer(options);
    auto infos = std::make_shared<RecordingListener>("infos", std::vector{EventType::INFO});
    importer.engine.register_listener(infos);
    put_ticks(exporter.engine, 0, 1);
    BOOST_REQUIRE(exporter.engine.put(Event(EventType::INFO, {{"after", 0}}, "feed.1")));
    put_ticks(exporter.engine, 1, 2);
    BOOST_REQUIRE(wait_until([&] { return exporter.bridge->stats().acknowledged == 4; }));
    BOOST_TEST(!wait_until([&] { return importer.bridge->stats().imported > 0; }, 300ms));

    importer.bridge->grant_imports(1);
    // The tick, then the unpaced event behind it; the next tick waits for its credit.
    BOOST_REQUIRE(infos->wait_for_count(1));
    BOOST_TEST(sequences(*importer.recorder) == range(0, 1));
    BOOST_TEST(!wait_until([&] { return importer.bridge->stats().imported > 2; }, 300ms));

    importer.bridge->grant_imports(5);
    BOOST_REQUIRE(importer.recorder->wait_for_count(3));
    std::vector<std::int64_t> order;
    for (const auto& event : importer.recorder->events())
        order.push_back(event.data().at("seq").as_int64());
    BOOST_TEST(order == (std::vector<std::int64_t>{0, 1, 2}), boost::test_tools::per_element());
    BOOST_TEST(wait_until([&] { return importer.bridge->stats().pending_acks == 0; }));
}

BOOST_AUTO_TEST_CASE(an_export_filter_and_source_choose_what_goes_out_and_as_whom) {
    NatsServer server;
    auto export_options = exporting(server);
    export_options.stream = "DESK";
    export_options.stream_subjects = {"desk.>"};
    export_options.prefix = "desk.orders";
    export_options.export_source = "trader-a";
    export_options.export_filter = [](const Event& event) {
        return event.data().at("seq").as_int64() % 2 == 0;
    };
    Node exporter(export_options);
    auto options = importing(server, "exchange");
    options.stream = "DESK";
    options.import_subject = "desk.orders.MARKET_DATA.trader-a";
    Node importer(options);
    put_ticks(exporter.engine, 0, 6);
    BOOST_REQUIRE(importer.recorder->wait_for_count(3));
    BOOST_TEST(!importer.recorder->wait_for_count(4, 300ms));
    BOOST_TEST(sequences(*importer.recorder) == (std::multiset<std::int64_t>{0, 2, 4}));
    for (const auto& event : importer.recorder->events())
        BOOST_TEST(event.source().value() == "trader-a");
}
