#define BOOST_TEST_MODULE orders
#include <stdexcept>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/market_tick.hpp"
#include "liquid_energy/trading/orders.hpp"
#include "liquid_energy/wire/json_line.hpp"

using namespace liquid_energy::trading;
using liquid_energy::core::Event;
using liquid_energy::core::EventType;

BOOST_AUTO_TEST_CASE(an_order_event_carries_action_status_and_every_field) {
    const Order order{.order_id = "s-1",
                      .account = "s",
                      .symbol = "ETH-USD",
                      .side = Side::SELL,
                      .type = OrderType::MARKET,
                      .price = 2000.5,
                      .quantity = 1.25};
    const auto event = make_order_event(order, OrderAction::CREATE, "s");
    BOOST_TEST((event.type() == EventType::ORDER_UPDATE));
    BOOST_TEST(event.data().at("action").as_string() == "create");
    BOOST_TEST(event.data().at("status").as_string() == "new");
    BOOST_TEST(event.data().at("side").as_string() == "sell");
    BOOST_TEST(event.data().at("type").as_string() == "market");
    BOOST_TEST((order_action(event) == OrderAction::CREATE));
    BOOST_TEST(&event.get<OrderUpdate>().order() == &event.get<OrderUpdate>().order());

    // What a reader on the far side of the wire gets: the JSON view, read back.
    const Event received(EventType::ORDER_UPDATE, event.data());
    BOOST_TEST((order_action(received) == OrderAction::CREATE));
    const Order& back = received.get<OrderUpdate>().order();
    BOOST_TEST(back.order_id == "s-1");
    BOOST_TEST(back.account == "s");
    BOOST_TEST((back.side == Side::SELL));
    BOOST_TEST((back.type == OrderType::MARKET));
    BOOST_TEST(back.price == 2000.5);
    BOOST_TEST(back.quantity == 1.25);
}

BOOST_AUTO_TEST_CASE(reports_and_fills_survive_the_round_trip) {
    const Order order{.order_id = "s-2", .account = "s", .symbol = "BTC-USD", .quantity = 2};
    const Event sent = make_report_event(
        make_execution_report(order, OrderStatus::CANCELLED, 0.5, 15000, "why"), "exchange");
    const Event received_report(EventType::ORDER_UPDATE, sent.data());
    const ExecutionReport& report = received_report.get<OrderUpdate>().report();
    BOOST_TEST((report.status == OrderStatus::CANCELLED));
    BOOST_TEST(report.filled_quantity == 0.5);
    BOOST_TEST(report.leaves_quantity == 0);
    BOOST_TEST(report.average_price == 30000);
    BOOST_TEST(report.reason == "why");

    const Fill fill{.fill_id = 7,
                    .order_id = "s-2",
                    .account = "s",
                    .symbol = "BTC-USD",
                    .side = Side::BUY,
                    .price = 30000,
                    .quantity = 0.5,
                    .liquidity = Liquidity::MAKER,
                    .timestamp_ns = 99};
    const auto event = make_fill_event(fill, "exchange");
    BOOST_TEST((event.type() == EventType::TRADE_UPDATE));
    BOOST_TEST(event.get<Fill>().order_id == "s-2");
    // What a reader on the far side of the wire gets: the JSON view, read back as a Fill.
    const Event received(EventType::TRADE_UPDATE, event.data());
    const Fill& back = received.get<Fill>();
    BOOST_TEST(back.fill_id == 7U);
    BOOST_TEST((back.side == Side::BUY));
    BOOST_TEST(back.price == 30000);
    BOOST_TEST(back.quantity == 0.5);
    BOOST_TEST((back.liquidity == Liquidity::MAKER));
    BOOST_TEST(back.timestamp_ns == 99);
    BOOST_TEST(event.data().at("liquidity").as_string() == "maker");
}

BOOST_AUTO_TEST_CASE(a_market_tick_survives_the_round_trip) {
    const MarketTick quote{.timestamp_ns = 5,
                           .symbol = "SOL-USD",
                           .kind = TickKind::QUOTE,
                           .bid = 19.9,
                           .bid_size = 3,
                           .ask = 20.1,
                           .ask_size = 4};
    const Event sent(EventType::MARKET_DATA, quote);
    const Event received(EventType::MARKET_DATA, sent.data());
    const MarketTick& back = received.get<MarketTick>();
    BOOST_TEST(back.symbol == "SOL-USD");
    BOOST_TEST(back.ask_size == 4);
    BOOST_TEST(back.mid() == 20.0);
    BOOST_TEST(!sent.data().contains("price"));
    BOOST_TEST(is_quote(sent));
    BOOST_TEST(is_quote(received));
}

BOOST_AUTO_TEST_CASE(numbers_on_the_order_grid_cross_the_json_wire_unchanged) {
    using liquid_energy::wire::decode_json_line;
    using liquid_energy::wire::encode_json_line;
    // Limit prices and leaves computed the way the strategy and the exchange compute them; many
    // of the raw results have 17 significant digits.
    for (int step = 0; step < 20'000; ++step) {
        const double mid = 1000 + step * 1.37;
        const Order order{.order_id = "s-" + std::to_string(step),
                          .account = "s",
                          .symbol = "BTC-USD",
                          .price = on_order_grid(mid * (1 - 0.0001)),
                          .quantity = on_order_grid(step * 0.7 - step * 0.3)};
        auto line = encode_json_line(make_order_event(order, OrderAction::SUBMIT, "risk"));
        line.pop_back();
        const auto received = decode_json_line(line);
        BOOST_REQUIRE_MESSAGE(received.event.has_value(), received.message);
        const Order& back = received.event->get<OrderUpdate>().order();
        BOOST_TEST(back.price == order.price, "price " << order.price << " of step " << step);
        BOOST_TEST(back.quantity == order.quantity, "quantity of step " << step);
    }
}

BOOST_AUTO_TEST_CASE(a_bad_payload_names_the_field) {
    const auto expect_error = [](const boost::json::object& data, const std::string& message) {
        BOOST_TEST(order_update_problem(data) == message);
        const Event received(EventType::ORDER_UPDATE, data);
        BOOST_TEST(!received.get_if<OrderUpdate>());
        BOOST_TEST((order_action(received) == OrderAction::SUBMIT));
    };
    boost::json::object data =
        make_order_event(Order{.order_id = "a", .account = "s", .symbol = "X", .quantity = 1},
                         OrderAction::SUBMIT, "s")
            .data();
    BOOST_TEST(order_update_problem(data).empty());
    data.erase("price");
    expect_error(data, "missing field 'price'");
    data["price"] = "cheap";
    expect_error(data, "field 'price' is not a number");
    data["price"] = 1;
    data["side"] = "hold";
    expect_error(data, "field 'side' has an unknown value 'hold'");
}

BOOST_AUTO_TEST_CASE(each_order_flow_message_keeps_its_wire_json) {
    const Order order{.order_id = "s-3",
                      .account = "s",
                      .symbol = "ETH-USD",
                      .side = Side::SELL,
                      .price = 2000.5,
                      .quantity = 2};
    const auto json_of = [](const Event& event) { return boost::json::serialize(event.data()); };
    BOOST_TEST(json_of(make_order_event(order, OrderAction::SUBMIT, "risk")) ==
               R"({"action":"submit","status":"new","order_id":"s-3","account":"s",)"
               R"("symbol":"ETH-USD","side":"sell","type":"limit","price":2.0005E3,)"
               R"("quantity":2E0})");
    BOOST_TEST(
        json_of(make_cancel_event({.order_id = "s-3", .account = "s", .symbol = "ETH-USD"}, "s")) ==
        R"({"action":"cancel","order_id":"s-3","account":"s","symbol":"ETH-USD"})");
    BOOST_TEST(json_of(make_report_event(
                   make_execution_report(order, OrderStatus::PARTIALLY_FILLED, 0.5, 1000.25),
                   "exchange")) ==
               R"({"action":"report","status":"partially_filled","order_id":"s-3","account":"s",)"
               R"("symbol":"ETH-USD","side":"sell","quantity":2E0,"filled_quantity":5E-1,)"
               R"("leaves_quantity":1.5E0,"average_price":2.0005E3})");
}
