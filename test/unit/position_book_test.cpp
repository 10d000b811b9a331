#define BOOST_TEST_MODULE position_book
#include <cmath>
#include <vector>

#include <boost/test/tools/floating_point_comparison.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/position_book.hpp"

using namespace liquid_energy::trading;
namespace tt = boost::test_tools;

namespace {

Fill fill(Side side, double quantity, double price, const char* symbol = "ETH-USD") {
    return Fill{.order_id = "o",
                .account = "s",
                .symbol = symbol,
                .side = side,
                .price = price,
                .quantity = quantity};
}

}  // namespace

BOOST_AUTO_TEST_CASE(buys_average_their_cost) {
    PositionBook book;
    book.apply_fill(fill(Side::BUY, 2, 100));
    book.apply_fill(fill(Side::BUY, 1, 130));
    const auto position = book.position("ETH-USD");
    BOOST_TEST(position.quantity == 3);
    BOOST_TEST(position.average_cost == 110, tt::tolerance(1e-12));
    BOOST_TEST(position.realised == 0);
}

BOOST_AUTO_TEST_CASE(a_reducing_fill_realises_against_the_average_and_keeps_it) {
    PositionBook book;
    book.apply_fill(fill(Side::BUY, 2, 100));
    book.apply_fill(fill(Side::BUY, 2, 120));
    book.apply_fill(fill(Side::SELL, 3, 125));
    const auto position = book.position("ETH-USD");
    BOOST_TEST(position.quantity == 1);
    BOOST_TEST(position.average_cost == 110, tt::tolerance(1e-12));
    BOOST_TEST(position.realised == 45, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_short_profits_when_bought_back_lower) {
    PositionBook book;
    book.apply_fill(fill(Side::SELL, 4, 50));
    book.apply_fill(fill(Side::BUY, 4, 40));
    const auto position = book.position("ETH-USD");
    BOOST_TEST(position.quantity == 0);
    BOOST_TEST(position.average_cost == 0);
    BOOST_TEST(position.realised == 40, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_flip_from_long_to_short_closes_the_long_and_opens_at_the_fill_price) {
    PositionBook book;
    book.apply_fill(fill(Side::BUY, 2, 100));
    book.apply_fill(fill(Side::SELL, 5, 90));
    const auto position = book.position("ETH-USD");
    BOOST_TEST(position.quantity == -3);
    BOOST_TEST(position.average_cost == 90);
    BOOST_TEST(position.realised == -20, tt::tolerance(1e-12));

    book.apply_fill(fill(Side::BUY, 4, 80));
    const auto flipped_back = book.position("ETH-USD");
    BOOST_TEST(flipped_back.quantity == 1);
    BOOST_TEST(flipped_back.average_cost == 80);
    BOOST_TEST(flipped_back.realised == -20 + 30, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(unrealised_is_marked_at_the_last_mid_else_the_last_fill) {
    PositionBook book;
    book.apply_fill(fill(Side::SELL, 2, 100));
    BOOST_TEST(book.position("ETH-USD").mark == 100);
    BOOST_TEST(book.position("ETH-USD").unrealised() == 0);

    book.mark("ETH-USD", 95);
    BOOST_TEST(book.position("ETH-USD").unrealised() == 10, tt::tolerance(1e-12));
    book.apply_fill(fill(Side::SELL, 1, 97));
    BOOST_TEST(book.position("ETH-USD").mark == 95);
}

BOOST_AUTO_TEST_CASE(symbols_are_kept_apart) {
    PositionBook book;
    book.apply_fill(fill(Side::BUY, 1, 100, "ETH-USD"));
    book.apply_fill(fill(Side::SELL, 1, 20, "SOL-USD"));
    book.mark("BTC-USD", 30000);
    const auto positions = book.positions();
    BOOST_TEST(positions.size() == 3U);
    BOOST_TEST(positions.at("ETH-USD").quantity == 1);
    BOOST_TEST(positions.at("SOL-USD").quantity == -1);
    BOOST_TEST(positions.at("BTC-USD").quantity == 0);
    BOOST_TEST(book.position("XRP-USD").quantity == 0);
}

BOOST_AUTO_TEST_CASE(realised_plus_unrealised_equals_cash_flow_plus_marked_position) {
    PositionBook book;
    const std::vector<Fill> fills = {fill(Side::BUY, 3, 100),   fill(Side::SELL, 1, 104),
                                     fill(Side::SELL, 4, 98),   fill(Side::BUY, 0.5, 97),
                                     fill(Side::BUY, 2.5, 101), fill(Side::SELL, 0.25, 99.5)};
    double cash = 0;
    double quantity = 0;
    for (const auto& each : fills) {
        book.apply_fill(each);
        cash -= sign(each.side) * each.quantity * each.price;
        quantity += sign(each.side) * each.quantity;
        book.mark("ETH-USD", 100.25);
        const auto position = book.position("ETH-USD");
        BOOST_TEST(position.quantity == quantity, tt::tolerance(1e-12));
        BOOST_TEST(position.realised + position.unrealised() == cash + quantity * 100.25,
                   tt::tolerance(1e-9));
    }
}
