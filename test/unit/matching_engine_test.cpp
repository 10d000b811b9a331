#define BOOST_TEST_MODULE matching_engine
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/matching_engine.hpp"

using namespace liquid_energy::trading;

namespace {

MarketTick quote(double bid, double bid_size, double ask, double ask_size,
                 std::string symbol = "BTC-USD") {
    return MarketTick{.timestamp_ns = 42,
                      .symbol = std::move(symbol),
                      .kind = TickKind::QUOTE,
                      .bid = bid,
                      .bid_size = bid_size,
                      .ask = ask,
                      .ask_size = ask_size};
}

Order limit(std::string id, Side side, double price, double quantity) {
    return Order{.order_id = std::move(id),
                 .account = "test",
                 .symbol = "BTC-USD",
                 .side = side,
                 .type = OrderType::LIMIT,
                 .price = price,
                 .quantity = quantity};
}

Order market(std::string id, Side side, double quantity) {
    Order order = limit(std::move(id), side, 100, quantity);
    order.type = OrderType::MARKET;
    return order;
}

std::vector<ExecutionReport> reports(const MatchingEngine::Messages& messages) {
    std::vector<ExecutionReport> result;
    for (const auto& message : messages) {
        if (const auto* report = std::get_if<ExecutionReport>(&message)) result.push_back(*report);
    }
    return result;
}

std::vector<Fill> fills(const MatchingEngine::Messages& messages) {
    std::vector<Fill> result;
    for (const auto& message : messages) {
        if (const auto* fill = std::get_if<Fill>(&message)) result.push_back(*fill);
    }
    return result;
}

std::vector<OrderStatus> statuses(const MatchingEngine::Messages& messages) {
    std::vector<OrderStatus> result;
    for (const auto& report : reports(messages)) result.push_back(report.status);
    return result;
}

using Statuses = std::vector<OrderStatus>;

}  // namespace

BOOST_AUTO_TEST_CASE(marketable_limit_takes_the_quote_at_the_quote_price) {
    MatchingEngine exchange;
    exchange.on_quote(quote(99, 5, 101, 5));
    const auto out = exchange.submit(limit("a", Side::BUY, 102, 2));
    BOOST_TEST((statuses(out) == Statuses{OrderStatus::ACCEPTED, OrderStatus::FILLED}));
    const auto done = fills(out);
    BOOST_REQUIRE(done.size() == 1U);
    BOOST_TEST(done[0].price == 101);
    BOOST_TEST(done[0].quantity == 2);
    BOOST_TEST((done[0].liquidity == Liquidity::TAKER));
    BOOST_TEST(done[0].timestamp_ns == 42);
    BOOST_TEST(reports(out).back().average_price == 101);
    BOOST_TEST(exchange.resting_count() == 0U);
}

BOOST_AUTO_TEST_CASE(a_fill_never_exceeds_the_quote_size_and_the_rest_rests) {
    MatchingEngine exchange;
    exchange.on_quote(quote(99, 5, 101, 3));
    const auto out = exchange.submit(limit("a", Side::BUY, 101, 10));
    BOOST_TEST((statuses(out) == Statuses{OrderStatus::ACCEPTED, OrderStatus::PARTIALLY_FILLED}));
    BOOST_TEST(fills(out).at(0).quantity == 3);
    BOOST_TEST(reports(out).back().leaves_quantity == 7);
    BOOST_TEST(exchange.resting_count() == 1U);
}

BOOST_AUTO_TEST_CASE(a_resting_limit_trades_at_its_own_price_when_a_later_quote_crosses_it) {
    MatchingEngine exchange;
    exchange.on_quote(quote(99, 5, 101, 5));
    BOOST_TEST((statuses(exchange.submit(limit("a", Side::SELL, 100, 4))) ==
                Statuses{OrderStatus::ACCEPTED}));

    const auto partial = exchange.on_quote(quote(100.5, 1, 102, 5));
    BOOST_REQUIRE(fills(partial).size() == 1U);
    BOOST_TEST(fills(partial)[0].price == 100);
    BOOST_TEST(fills(partial)[0].quantity == 1);
    BOOST_TEST((fills(partial)[0].liquidity == Liquidity::MAKER));
    BOOST_TEST((statuses(partial) == Statuses{OrderStatus::PARTIALLY_FILLED}));

    const auto rest = exchange.on_quote(quote(100, 10, 102, 5));
    BOOST_TEST(fills(rest).at(0).quantity == 3);
    BOOST_TEST((statuses(rest) == Statuses{OrderStatus::FILLED}));
    BOOST_TEST(reports(rest).back().filled_quantity == 4);
    BOOST_TEST(exchange.resting_count() == 0U);
}

BOOST_AUTO_TEST_CASE(fills_and_reports_stay_on_the_order_grid_as_quantities_are_taken) {
    MatchingEngine exchange;
    exchange.on_quote(quote(99, 5, 101, 0.3));
    // 0.7 - 0.3 - 0.1 computed in doubles is 0.29999999999999993, not the double nearest 0.3.
    BOOST_TEST_REQUIRE(0.7 - 0.3 - 0.1 != 0.3);
    const auto taken = exchange.submit(limit("a", Side::BUY, 101, 0.7));
    BOOST_TEST(reports(taken).back().leaves_quantity == 0.4);

    const auto made = exchange.on_quote(quote(99, 5, 100.5, 0.1));
    BOOST_TEST(fills(made).at(0).quantity == 0.1);
    BOOST_TEST(reports(made).back().filled_quantity == 0.4);
    BOOST_TEST(reports(made).back().leaves_quantity == 0.3);
    BOOST_TEST(reports(made).back().average_price == on_order_grid((0.3 * 101 + 0.1 * 101) / 0.4));
}

BOOST_AUTO_TEST_CASE(orders_share_a_quote_best_price_first_then_oldest) {
    MatchingEngine exchange;
    exchange.on_quote(quote(90, 5, 110, 5));
    exchange.submit(limit("low", Side::BUY, 100, 2));
    exchange.submit(limit("high-old", Side::BUY, 105, 2));
    exchange.submit(limit("high-new", Side::BUY, 105, 2));

    const auto out = exchange.on_quote(quote(90, 5, 100, 5));
    const auto done = fills(out);
    BOOST_REQUIRE(done.size() == 3U);
    BOOST_TEST(done[0].order_id == "high-old");
    BOOST_TEST(done[1].order_id == "high-new");
    BOOST_TEST(done[2].order_id == "low");
    BOOST_TEST(done[2].quantity == 1);
    BOOST_TEST(exchange.resting_count() == 1U);
}

BOOST_AUTO_TEST_CASE(an_order_takes_only_what_earlier_orders_left_of_the_quote) {
    MatchingEngine exchange;
    exchange.on_quote(quote(99, 5, 101, 3));
    exchange.submit(market("first", Side::BUY, 2));
    const auto out = exchange.submit(market("second", Side::BUY, 2));
    BOOST_TEST(fills(out).at(0).quantity == 1);
}

BOOST_AUTO_TEST_CASE(a_market_order_fills_what_the_quote_offers_and_cancels_the_rest) {
    MatchingEngine exchange;
    exchange.on_quote(quote(99, 4, 101, 5));
    const auto out = exchange.submit(market("m", Side::SELL, 6));
    BOOST_TEST((statuses(out) == Statuses{OrderStatus::ACCEPTED, OrderStatus::PARTIALLY_FILLED,
                                          OrderStatus::CANCELLED}));
    BOOST_TEST(fills(out).at(0).price == 99);
    BOOST_TEST(fills(out).at(0).quantity == 4);
    const auto last = reports(out).back();
    BOOST_TEST(last.filled_quantity == 4);
    BOOST_TEST(last.leaves_quantity == 0);
    BOOST_TEST(!last.reason.empty());
    BOOST_TEST(exchange.resting_count() == 0U);
}

BOOST_AUTO_TEST_CASE(rejects_what_it_cannot_accept_with_a_reason) {
    MatchingEngine exchange;
    BOOST_TEST(reports(exchange.submit(market("m", Side::BUY, 1))).at(0).reason ==
               "no quote for BTC-USD");
    BOOST_TEST(reports(exchange.submit(limit("q", Side::BUY, 100, 0))).at(0).reason ==
               "quantity is not positive and finite");
    BOOST_TEST(reports(exchange.submit(limit("p", Side::BUY, -1, 1))).at(0).reason ==
               "limit price is not positive");
    BOOST_TEST(reports(exchange.submit(limit("", Side::BUY, 100, 1))).at(0).reason ==
               "empty order id");
    exchange.submit(limit("dup", Side::BUY, 100, 1));
    const auto duplicate = reports(exchange.submit(limit("dup", Side::BUY, 100, 1)));
    BOOST_TEST((duplicate.at(0).status == OrderStatus::REJECTED));
    BOOST_TEST(duplicate.at(0).reason == "duplicate order id");
    BOOST_TEST(exchange.resting_count() == 1U);
}

BOOST_AUTO_TEST_CASE(cancel_removes_a_resting_order_and_ignores_one_that_is_gone) {
    MatchingEngine exchange;
    exchange.submit(limit("a", Side::BUY, 100, 1));
    const auto someone_else = exchange.cancel({"a", "other-account", "BTC-USD"});
    BOOST_TEST(someone_else.empty());
    const auto cancelled = reports(exchange.cancel({"a", "test", "BTC-USD"}));
    BOOST_REQUIRE(cancelled.size() == 1U);
    BOOST_TEST((cancelled[0].status == OrderStatus::CANCELLED));
    BOOST_TEST(exchange.resting_count() == 0U);
    BOOST_TEST(exchange.cancel({"a", "test", "BTC-USD"}).empty());
}

BOOST_AUTO_TEST_CASE(closing_the_session_cancels_resting_orders_and_rejects_later_ones) {
    MatchingEngine exchange;
    exchange.on_quote(quote(99, 5, 101, 2));
    exchange.submit(limit("partly", Side::BUY, 101, 3));
    exchange.submit(limit("resting", Side::SELL, 105, 1));

    const auto closed = reports(exchange.close_session("end of data"));
    BOOST_REQUIRE(closed.size() == 2U);
    for (const auto& report : closed) {
        BOOST_TEST((report.status == OrderStatus::CANCELLED));
        BOOST_TEST(report.reason == "end of data");
    }
    BOOST_TEST(closed[0].filled_quantity == 2);
    const auto late = reports(exchange.submit(limit("late", Side::BUY, 100, 1)));
    BOOST_TEST((late.at(0).status == OrderStatus::REJECTED));
    BOOST_TEST(late.at(0).reason == "the session is closed");
}

BOOST_AUTO_TEST_CASE(a_trade_print_is_not_a_quote) {
    MatchingEngine exchange;
    MarketTick trade{.symbol = "BTC-USD", .kind = TickKind::TRADE, .price = 100, .size = 1};
    BOOST_CHECK_THROW(exchange.on_quote(trade), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(refuses_a_quote_that_is_not_finite_positive_and_uncrossed) {
    MatchingEngine exchange;
    const double infinity = std::numeric_limits<double>::infinity();
    BOOST_CHECK_THROW(exchange.on_quote(quote(-1, 5, 101, 5)), std::invalid_argument);
    BOOST_CHECK_THROW(exchange.on_quote(quote(99, 5, infinity, 5)), std::invalid_argument);
    BOOST_CHECK_THROW(exchange.on_quote(quote(99, std::nan(""), 101, 5)), std::invalid_argument);
    BOOST_CHECK_THROW(exchange.on_quote(quote(102, 5, 101, 5)), std::invalid_argument);
    // None of them became the top of book: a market order still has no quote to trade on.
    BOOST_TEST(reports(exchange.submit(market("m", Side::BUY, 1))).at(0).reason ==
               "no quote for BTC-USD");
}

BOOST_AUTO_TEST_CASE(rejects_ids_over_the_length_limit_and_orders_over_the_resting_limit) {
    MatchingEngine exchange({.max_resting_orders = 2, .max_id_length = 8});
    BOOST_TEST(reports(exchange.submit(limit("123456789", Side::BUY, 100, 1))).at(0).reason ==
               "order id longer than 8 bytes");
    Order long_account = limit("b", Side::BUY, 100, 1);
    long_account.account = std::string(9, 'x');
    BOOST_TEST(reports(exchange.submit(long_account)).at(0).reason ==
               "account longer than 8 bytes");
    exchange.submit(limit("r1", Side::BUY, 100, 1));
    exchange.submit(limit("r2", Side::SELL, 110, 1));
    const auto third = reports(exchange.submit(limit("r3", Side::BUY, 99, 1)));
    BOOST_TEST((third.at(0).status == OrderStatus::REJECTED));
    BOOST_TEST(third.at(0).reason == "the session already has 2 resting orders, its limit");
    BOOST_TEST(exchange.resting_count() == 2U);
    // A cancel makes room again.
    exchange.cancel({"r1", "test", "BTC-USD"});
    BOOST_TEST((statuses(exchange.submit(limit("r4", Side::BUY, 99, 1))) ==
                Statuses{OrderStatus::ACCEPTED}));
}

namespace {

/// The priority comparisons made to rest `count` buys at one price, cancel every other one and
/// fill the rest with one quote.
std::uint64_t book_work(int count) {
    MatchingEngine exchange({.max_resting_orders = 1'000'000});
    for (int i = 0; i < count; ++i) exchange.submit(limit(std::to_string(i), Side::BUY, 100, 1));
    for (int i = 0; i < count; i += 2) exchange.cancel({std::to_string(i), "test", "BTC-USD"});
    exchange.on_quote(quote(98, 1, 99.5, count));
    BOOST_TEST(exchange.resting_count() == 0U);
    return exchange.priority_comparisons();
}

}  // namespace

BOOST_AUTO_TEST_CASE(sixty_thousand_resting_orders_at_one_price_cost_n_log_n) {
    const std::uint64_t small = book_work(20'000);
    const std::uint64_t large = book_work(60'000);
    // A sorted insertion costs about log2(n) comparisons; a linear scan would cost n / 2 on
    // average, and tripling n would multiply the work by nine instead of by about 3.3.
    BOOST_TEST(large <= 2 * 60'000 * std::log2(60'000.0));
    BOOST_TEST(static_cast<double>(large) / static_cast<double>(small) < 4.0);
}
