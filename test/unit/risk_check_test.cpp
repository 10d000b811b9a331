#define BOOST_TEST_MODULE risk_check
#include <string>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/risk_check.hpp"

using namespace liquid_energy::trading;

namespace {

Order order(std::string id, Side side, double quantity, double price = 100) {
    return Order{.order_id = std::move(id),
                 .account = "test",
                 .symbol = "ETH-USD",
                 .side = side,
                 .type = OrderType::LIMIT,
                 .price = price,
                 .quantity = quantity};
}

Fill fill(const std::string& id, Side side, double quantity) {
    return Fill{.order_id = id,
                .account = "s",
                .symbol = "ETH-USD",
                .side = side,
                .price = 100,
                .quantity = quantity};
}

ExecutionReport report(const Order& order, OrderStatus status, double filled) {
    return make_execution_report(order, status, filled, filled * order.price);
}

bool accepted(const RiskDecision& decision) { return decision.verdict == RiskVerdict::ACCEPTED; }

}  // namespace

BOOST_AUTO_TEST_CASE(an_order_over_the_notional_limit_is_refused_with_the_amounts) {
    RiskCheck risk({.max_order_notional = 1'000});
    BOOST_TEST(accepted(risk.check(order("a", Side::BUY, 10))));
    const auto decision = risk.check(order("b", Side::BUY, 10.5));
    BOOST_TEST((decision.verdict == RiskVerdict::LIMIT_BREACH));
    BOOST_TEST(decision.reason == "order notional 1050.00 over the limit 1000.00");
}

BOOST_AUTO_TEST_CASE(the_position_limit_counts_working_orders_on_the_same_side) {
    RiskCheck risk({.max_position_notional = 1'000});
    BOOST_TEST(accepted(risk.check(order("a", Side::BUY, 6))));
    const auto decision = risk.check(order("b", Side::BUY, 5));
    BOOST_TEST((decision.verdict == RiskVerdict::LIMIT_BREACH));
    BOOST_TEST(decision.reason == "position notional 1100.00 of ETH-USD over the limit 1000.00");
    BOOST_TEST(accepted(risk.check(order("c", Side::SELL, 9))));
}

BOOST_AUTO_TEST_CASE(fills_move_the_position_and_a_terminal_report_frees_the_rest) {
    RiskCheck risk({.max_position_notional = 1'000});
    const Order first = order("a", Side::BUY, 8);
    BOOST_TEST(accepted(risk.check(first)));
    risk.on_fill(fill("a", Side::BUY, 5));
    risk.on_report(report(first, OrderStatus::CANCELLED, 5));
    // Position 5, nothing working: 5 more reach the limit exactly, 6 more pass it.
    BOOST_TEST(!accepted(risk.check(order("b", Side::BUY, 6))));
    BOOST_TEST(accepted(risk.check(order("c", Side::BUY, 5))));
}

BOOST_AUTO_TEST_CASE(an_order_that_reduces_the_exposure_passes_even_over_the_limit) {
    RiskCheck risk({.max_position_notional = 1'000});
    BOOST_TEST(accepted(risk.check(order("a", Side::BUY, 10))));
    risk.on_fill(fill("a", Side::BUY, 10));
    // The price doubled: 10 held are now worth 2000, over the limit, and selling must still pass.
    BOOST_TEST(accepted(risk.check(order("b", Side::SELL, 2, 200))));
    BOOST_TEST(!accepted(risk.check(order("c", Side::BUY, 1, 200))));
}

BOOST_AUTO_TEST_CASE(a_malformed_order_is_invalid_not_a_breach) {
    RiskCheck risk({});
    const auto zero = risk.check(order("a", Side::BUY, 0));
    BOOST_TEST((zero.verdict == RiskVerdict::INVALID));
    BOOST_TEST(zero.reason == "quantity is not positive");
    const auto no_price = risk.check(order("b", Side::BUY, 1, 0));
    BOOST_TEST((no_price.verdict == RiskVerdict::INVALID));
    BOOST_TEST(no_price.reason == "price is not positive");
}

BOOST_AUTO_TEST_CASE(sizes_that_overflow_to_infinity_are_refused_even_without_limits) {
    RiskCheck risk({});
    const auto huge = risk.check(order("a", Side::BUY, 1e200, 1e200));
    BOOST_TEST((huge.verdict == RiskVerdict::INVALID));
    BOOST_TEST(huge.reason == "order notional overflows");
    BOOST_TEST(accepted(risk.check(order("b", Side::BUY, 1e308, 1))));
    // Each order's notional is finite; the position both would make is not.
    const auto second = risk.check(order("c", Side::BUY, 1e308, 1));
    BOOST_TEST((second.verdict == RiskVerdict::LIMIT_BREACH));
    BOOST_TEST(second.reason == "position notional of ETH-USD overflows");
}

BOOST_AUTO_TEST_CASE(a_refused_order_does_not_count_as_working) {
    RiskCheck risk({.max_order_notional = 1'000, .max_position_notional = 1'500});
    BOOST_TEST(!accepted(risk.check(order("big", Side::BUY, 12))));
    BOOST_TEST(accepted(risk.check(order("a", Side::BUY, 9))));
    BOOST_TEST(accepted(risk.check(order("b", Side::BUY, 6))));
}
