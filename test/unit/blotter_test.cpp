#define BOOST_TEST_MODULE blotter
#include <string>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/blotter.hpp"

using namespace liquid_energy::trading;

namespace {

Order order(std::string id, Side side = Side::BUY) {
    return Order{.order_id = std::move(id),
                 .account = "s",
                 .symbol = "ETH-USD",
                 .side = side,
                 .price = 100,
                 .quantity = 2};
}

Fill fill(const Order& order, double quantity, double price) {
    return Fill{.order_id = order.order_id,
                .account = order.account,
                .symbol = order.symbol,
                .side = order.side,
                .price = price,
                .quantity = quantity};
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_order_is_counted_once_by_its_latest_status) {
    Blotter blotter;
    const Order filled = order("filled");
    const Order cancelled = order("cancelled", Side::SELL);
    const Order open = order("open");
    const Order rejected = order("rejected");
    for (const auto* each : {&filled, &cancelled, &open, &rejected}) blotter.on_order(*each);
    blotter.on_order(order("unanswered"));
    blotter.on_report(make_execution_report(filled, OrderStatus::ACCEPTED));
    blotter.on_fill(fill(filled, 2, 101));
    blotter.on_report(make_execution_report(filled, OrderStatus::FILLED, 2, 202));
    blotter.on_fill(fill(cancelled, 0.5, 102));
    blotter.on_report(make_execution_report(cancelled, OrderStatus::CANCELLED, 0.5, 51));
    blotter.on_report(make_execution_report(open, OrderStatus::ACCEPTED));
    blotter.on_report(make_execution_report(rejected, OrderStatus::REJECTED));

    const auto counts = blotter.counts();
    BOOST_TEST(counts.orders == 5U);
    BOOST_TEST(counts.filled == 1U);
    BOOST_TEST(counts.cancelled == 1U);
    BOOST_TEST(counts.rejected == 1U);
    BOOST_TEST(counts.open == 1U);
    BOOST_TEST(counts.unanswered == 1U);
    BOOST_TEST(counts.fills == 2U);
    BOOST_TEST(counts.anomalies == 0U);
    const auto& flow = counts.flows.at("ETH-USD");
    BOOST_TEST(flow.net_quantity() == 1.5);
    BOOST_TEST(flow.cash() == 51 - 202);
}

BOOST_AUTO_TEST_CASE(reports_and_fills_that_contradict_the_flow_are_anomalies) {
    Blotter blotter;
    const Order known = order("known");
    blotter.on_order(known);
    blotter.on_report(make_execution_report(order("unknown"), OrderStatus::ACCEPTED));
    blotter.on_fill(fill(known, 1, 100));
    // Filled 2 by the report, 1 by the fills.
    blotter.on_report(make_execution_report(known, OrderStatus::FILLED, 2, 200));
    blotter.on_fill(fill(known, 1, 100));
    blotter.on_order(known);
    BOOST_TEST(blotter.counts().anomalies == 4U);
}

BOOST_AUTO_TEST_CASE(an_answer_that_overtakes_the_create_it_answers_is_no_anomaly) {
    Blotter blotter;
    const Order quick = order("quick");
    blotter.on_report(make_execution_report(quick, OrderStatus::ACCEPTED));
    blotter.on_fill(fill(quick, 2, 100));
    blotter.on_report(make_execution_report(quick, OrderStatus::FILLED, 2, 200));
    BOOST_TEST(blotter.counts().anomalies == 1U);
    blotter.on_order(quick);
    const auto counts = blotter.counts();
    BOOST_TEST(counts.anomalies == 0U);
    BOOST_TEST(counts.orders == 1U);
    BOOST_TEST(counts.filled == 1U);
}

BOOST_AUTO_TEST_CASE(ticks_and_other_events_are_counted_by_kind) {
    Blotter blotter;
    blotter.on_tick(TickKind::QUOTE);
    blotter.on_tick(TickKind::QUOTE);
    blotter.on_tick(TickKind::TRADE);
    blotter.on_error();
    blotter.on_info();
    blotter.on_risk_rejection();
    const auto counts = blotter.counts();
    BOOST_TEST(counts.quotes == 2U);
    BOOST_TEST(counts.trades == 1U);
    BOOST_TEST(counts.errors == 1U);
    BOOST_TEST(counts.infos == 1U);
    BOOST_TEST(counts.risk_rejections == 1U);
}
