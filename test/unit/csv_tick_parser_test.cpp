#define BOOST_TEST_MODULE csv_tick_parser
#include <string>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/csv_tick_parser.hpp"

using namespace liquid_energy::trading;

BOOST_AUTO_TEST_CASE(parses_a_quote) {
    const auto result =
        parse_tick_line("1704205800024786070,SOL-USD,quote,19.997,589.19,20.006,214.27,,");
    BOOST_REQUIRE(result.tick.has_value());
    BOOST_TEST(result.error.empty());
    const MarketTick& tick = *result.tick;
    BOOST_TEST(tick.timestamp_ns == 1704205800024786070);
    BOOST_TEST(tick.symbol == "SOL-USD");
    BOOST_TEST((tick.kind == TickKind::QUOTE));
    BOOST_TEST(tick.bid == 19.997);
    BOOST_TEST(tick.bid_size == 589.19);
    BOOST_TEST(tick.ask == 20.006);
    BOOST_TEST(tick.ask_size == 214.27);
}

BOOST_AUTO_TEST_CASE(parses_a_trade_with_a_windows_line_ending) {
    const auto result = parse_tick_line("1704205800015649028,BTC-USD,trade,,,,,30000.01,0.1058\r");
    BOOST_REQUIRE(result.tick.has_value());
    BOOST_TEST((result.tick->kind == TickKind::TRADE));
    BOOST_TEST(result.tick->price == 30000.01);
    BOOST_TEST(result.tick->size == 0.1058);
}

BOOST_AUTO_TEST_CASE(refuses_each_kind_of_bad_line_with_its_reason) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "empty line"},
        {"1,BTC-USD,quote,30000.00,0.5000", "expected 9 fields, found 5"},
        {"1,BTC-USD,quote,1,1,2,1,,,", "expected 9 fields, found 10"},
        {"x,BTC-USD,trade,,,,,1,1", "timestamp_ns is not a positive integer: 'x'"},
        {"-5,BTC-USD,trade,,,,,1,1", "timestamp_ns is not a positive integer: '-5'"},
        {"1,,trade,,,,,20.000,1.00", "the symbol is empty"},
        {"1,SOL-USD,snapshot,1,1,2,1,,", "unknown kind 'snapshot'"},
        {"1,ETH-USD,quote,abc,1.000,2000.01,1.000,,", "bid is not a number: 'abc'"},
        {"1,ETH-USD,quote,1e999,1,2,1,,", "bid is not a number: '1e999'"},
        {"1,ETH-USD,quote,2000.05,1,2000.01,1,,", "crossed quote: bid 2000.05 >= ask 2000.01"},
        {"1,ETH-USD,quote,1,0,2,1,,", "bid_size is not positive: '0'"},
        {"1,ETH-USD,quote,1,1,2,1,3,", "a quote has no price"},
        {"1,BTC-USD,trade,,,,,30000.00,-0.5000", "size is not positive: '-0.5000'"},
        {"1,BTC-USD,trade,1,,,,1,1", "a trade has no bid"},
        {"1,BTC-USD,trade,,,,,12abc,1", "price is not a number: '12abc'"},
    };
    for (const auto& [line, reason] : cases) {
        BOOST_TEST_CONTEXT("line '" << line << "'") {
            const auto result = parse_tick_line(line);
            BOOST_TEST(!result.tick.has_value());
            BOOST_TEST(result.error == reason);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_header_is_not_a_tick) {
    BOOST_TEST(!parse_tick_line(csv_tick_header).tick.has_value());
}
