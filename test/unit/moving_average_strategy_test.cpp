#define BOOST_TEST_MODULE moving_average_strategy
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <boost/test/tools/floating_point_comparison.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/moving_average_strategy.hpp"

using namespace liquid_energy::trading;
namespace tt = boost::test_tools;

namespace {

MarketTick trade(double price, const char* symbol = "ETH-USD") {
    return MarketTick{.symbol = symbol, .kind = TickKind::TRADE, .price = price, .size = 1};
}

MarketTick quote(double bid, double ask, const char* symbol = "ETH-USD") {
    return MarketTick{.symbol = symbol,
                      .kind = TickKind::QUOTE,
                      .bid = bid,
                      .bid_size = 1,
                      .ask = ask,
                      .ask_size = 1};
}

StrategyParams params(OrderType type = OrderType::LIMIT) {
    return StrategyParams{.account = "s",
                          .fast_window = 2,
                          .slow_window = 3,
                          .order_type = type,
                          .limit_offset_bps = 10,
                          .target_quantity = {{"ETH-USD", 4}}};
}

/// Feeds trades until one produces an order or a cancel; returns that decision.
StrategyDecision feed(MovingAverageStrategy& strategy, const std::vector<double>& prices) {
    for (const double price : prices) {
        auto decision = strategy.on_tick(trade(price));
        if (decision.order || !decision.cancels.empty()) return decision;
    }
    return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(crossover_signals_only_when_the_fast_average_changes_side) {
    MovingAverageCrossover crossover(2, 3);
    std::vector<int> signals;
    for (const double price : {10.0, 10.0, 9.0, 9.0, 12.0, 13.0, 13.0, 11.0, 8.0}) {
        signals.push_back(crossover.update(price));
    }
    // Fast (2) under slow (3) from the third price on, which is no cross; above at 12, below at 11.
    BOOST_TEST((signals == std::vector<int>{0, 0, 0, 0, 1, 0, 0, -1, 0}));
}

BOOST_AUTO_TEST_CASE(crossover_refuses_windows_out_of_order) {
    BOOST_CHECK_THROW(MovingAverageCrossover(3, 3), std::invalid_argument);
    BOOST_CHECK_THROW(MovingAverageCrossover(0, 3), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(an_upward_cross_buys_the_target_below_the_mid) {
    MovingAverageStrategy strategy(params());
    strategy.on_tick(quote(99, 101));
    const auto decision = feed(strategy, {10, 10, 9, 9, 12});
    BOOST_REQUIRE(decision.order.has_value());
    const Order& order = *decision.order;
    BOOST_TEST(order.order_id == "s-1");
    BOOST_TEST(order.account == "s");
    BOOST_TEST((order.side == Side::BUY));
    BOOST_TEST((order.type == OrderType::LIMIT));
    BOOST_TEST(order.quantity == 4);
    BOOST_TEST(order.price == 100 * (1 - 0.001), tt::tolerance(1e-12));
    BOOST_TEST(decision.cancels.empty());
}

BOOST_AUTO_TEST_CASE(prices_and_sizes_stay_finite_on_huge_or_senseless_ticks) {
    MovingAverageStrategy strategy(params(OrderType::MARKET));
    // Both prices are finite; their sum is not.
    strategy.on_tick(quote(1e308, 1.5e308));
    strategy.on_tick(quote(-1, 101));
    BOOST_TEST(!strategy.on_tick(trade(std::numeric_limits<double>::infinity())).order);
    const auto decision = feed(strategy, {10, 10, 9, 9, 12});
    BOOST_REQUIRE(decision.order.has_value());
    BOOST_TEST(std::isfinite(decision.order->price));
    BOOST_TEST(decision.order->price == 1.25e308, tt::tolerance(1e-12));
    BOOST_TEST(decision.order->quantity == 4);
}

BOOST_AUTO_TEST_CASE(orders_are_priced_and_sized_on_the_order_grid) {
    MovingAverageStrategy strategy(params());
    strategy.on_tick(quote(1990.04, 1990.06));
    // The raw limit price falls between two multiples of the increment, as most products do.
    const double raw_price = (1990.04 + 1990.06) / 2 * (1 - 0.001);
    BOOST_TEST_REQUIRE(raw_price != on_order_grid(raw_price));
    const auto decision = feed(strategy, {10, 10, 9, 9, 12});
    BOOST_REQUIRE(decision.order.has_value());
    BOOST_TEST(decision.order->price == on_order_grid(raw_price));
    BOOST_TEST(decision.order->quantity == on_order_grid(decision.order->quantity));
}

BOOST_AUTO_TEST_CASE(a_downward_cross_cancels_working_buys_and_sells_to_the_short_target) {
    MovingAverageStrategy strategy(params(OrderType::MARKET));
    strategy.on_tick(quote(99, 101));
    const auto buy = feed(strategy, {10, 10, 9, 9, 12});
    BOOST_REQUIRE(buy.order.has_value());
    strategy.on_report(make_execution_report(*buy.order, OrderStatus::ACCEPTED));
    strategy.on_fill(Fill{.order_id = "s-1",
                          .account = "s",
                          .symbol = "ETH-USD",
                          .side = Side::BUY,
                          .price = 101,
                          .quantity = 1});

    const auto sell = feed(strategy, {13, 13, 11, 8});
    BOOST_REQUIRE(sell.cancels.size() == 1U);
    BOOST_TEST(sell.cancels[0].order_id == "s-1");
    BOOST_REQUIRE(sell.order.has_value());
    BOOST_TEST((sell.order->side == Side::SELL));
    BOOST_TEST((sell.order->type == OrderType::MARKET));
    // Holds 1 and the rest of the buy is being cancelled: 5 to sell to reach -4.
    BOOST_TEST(sell.order->quantity == 5);
    BOOST_TEST(sell.order->price == 100);
}

BOOST_AUTO_TEST_CASE(an_order_not_yet_acknowledged_is_counted_but_not_cancelled) {
    MovingAverageStrategy strategy(params());
    strategy.on_tick(quote(99, 101));
    BOOST_REQUIRE(feed(strategy, {10, 10, 9, 9, 12}).order.has_value());
    const auto sell = feed(strategy, {13, 13, 11});
    BOOST_TEST(sell.cancels.empty());
    BOOST_REQUIRE(sell.order.has_value());
    // The unacknowledged buy of 4 may still fill: 8 to sell to reach -4.
    BOOST_TEST(sell.order->quantity == 8);
}

BOOST_AUTO_TEST_CASE(no_order_when_the_position_is_already_on_target) {
    MovingAverageStrategy strategy(params());
    strategy.on_tick(quote(99, 101));
    const auto buy = feed(strategy, {10, 10, 9, 9, 12});
    BOOST_REQUIRE(buy.order.has_value());
    // The buy fills, and the sell that was to flip the position is rejected: the strategy is
    // long its target when the next upward cross comes.
    const auto sell = feed(strategy, {13, 13, 11});
    BOOST_REQUIRE(sell.order.has_value());
    strategy.on_fill(Fill{.order_id = "s-1",
                          .account = "s",
                          .symbol = "ETH-USD",
                          .side = Side::BUY,
                          .price = 99.9,
                          .quantity = 4});
    strategy.on_report(make_execution_report(*buy.order, OrderStatus::FILLED, 4, 399.6));
    strategy.on_report(make_execution_report(*sell.order, OrderStatus::REJECTED));
    const auto again = feed(strategy, {8, 8, 20, 20});
    BOOST_TEST(again.cancels.empty());
    BOOST_TEST(!again.order.has_value());
    // The next downward cross flips the whole position.
    const auto flip = feed(strategy, {5});
    BOOST_REQUIRE(flip.order.has_value());
    BOOST_TEST(flip.order->quantity == 8);
}

BOOST_AUTO_TEST_CASE(reports_and_fills_of_other_accounts_are_ignored) {
    MovingAverageStrategy strategy(params());
    strategy.on_fill(Fill{.order_id = "x-1",
                          .account = "x",
                          .symbol = "ETH-USD",
                          .side = Side::BUY,
                          .price = 100,
                          .quantity = 4});
    BOOST_TEST(strategy.exposure().position("ETH-USD") == 0);
}

BOOST_AUTO_TEST_CASE(a_crossover_before_any_quote_or_on_an_untraded_symbol_does_nothing) {
    MovingAverageStrategy strategy(params());
    BOOST_TEST(!feed(strategy, {10, 10, 9, 9, 12, 13, 13, 11, 8}).order.has_value());
    for (const double price : {10.0, 10.0, 9.0, 9.0, 12.0}) {
        BOOST_TEST(!strategy.on_tick(trade(price, "BTC-USD")).order.has_value());
    }
}
