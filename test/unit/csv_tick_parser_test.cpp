#define BOOST_TEST_MODULE csv_tick_parser
#include <string>
#include <tuple>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/csv_tick_parser.hpp"

using namespace liquid_energy::trading;
using liquid_energy::wire::LineError;

BOOST_AUTO_TEST_CASE(parses_a_quote) {
    const auto result =
        parse_tick_line("1704205800024786070,SOL-USD,quote,19.997,589.19,20.006,214.27,,");
    BOOST_REQUIRE(result.tick.has_value());
    BOOST_TEST(result.message.empty());
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

BOOST_AUTO_TEST_CASE(refuses_each_kind_of_bad_line_with_its_error_and_reason) {
    const auto malformed = LineError::malformed;
    const auto wrong_type = LineError::wrong_type;
    const auto invalid_value = LineError::invalid_value;
    const std::vector<std::tuple<std::string, LineError, std::string>> cases = {
        {"", malformed, "empty line"},
        {"1,BTC-USD,quote,30000.00,0.5000", malformed, "expected 9 fields, found 5"},
        {"1,BTC-USD,quote,1,1,2,1,,,", malformed, "expected 9 fields, found 10"},
        {"1,ETH-USD,quote,1,1,2,1,3,", malformed, "a quote has no price"},
        {"1,BTC-USD,trade,1,,,,1,1", malformed, "a trade has no bid"},
        {"x,BTC-USD,trade,,,,,1,1", wrong_type, "timestamp_ns is not an integer: 'x'"},
        {"1.5,BTC-USD,trade,,,,,1,1", wrong_type, "timestamp_ns is not an integer: '1.5'"},
        {"99999999999999999999,BTC-USD,trade,,,,,1,1", wrong_type,
         "timestamp_ns is not an integer: '99999999999999999999'"},
        {"1,SOL-USD,snapshot,1,1,2,1,,", wrong_type, "unknown kind 'snapshot'"},
        {"1,ETH-USD,quote,abc,1.000,2000.01,1.000,,", wrong_type, "bid is not a number: 'abc'"},
        {"1,ETH-USD,quote,1e999,1,2,1,,", wrong_type, "bid is not a number: '1e999'"},
        {"1,ETH-USD,quote,1,nan,2,1,,", wrong_type, "bid_size is not a number: 'nan'"},
        {"1,BTC-USD,trade,,,,,12abc,1", wrong_type, "price is not a number: '12abc'"},
        {"-5,BTC-USD,trade,,,,,1,1", invalid_value, "timestamp_ns is not positive: '-5'"},
        {"1,,trade,,,,,20.000,1.00", invalid_value, "the symbol is empty"},
        {"1,BTC USD,trade,,,,,1,1", invalid_value, "the symbol is not printable ASCII: 'BTC USD'"},
        {"1,ETH-USD,quote,2000.05,1,2000.01,1,,", invalid_value,
         "crossed quote: bid 2000.05 >= ask 2000.01"},
        {"1,ETH-USD,quote,1,0,2,1,,", invalid_value, "bid_size is not positive: '0'"},
        {"1,BTC-USD,trade,,,,,30000.00,-0.5000", invalid_value, "size is not positive: '-0.5000'"},
    };
    for (const auto& [line, error, message] : cases) {
        BOOST_TEST_CONTEXT("line '" << line << "'") {
            const auto result = parse_tick_line(line);
            BOOST_TEST(!result.tick.has_value());
            BOOST_TEST((result.error == error));
            BOOST_TEST(result.message == message);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_symbol_that_is_not_utf8_is_refused_and_quoted_as_utf8) {
    const auto result = parse_tick_line("1,BTC\xFF,trade,,,,,1,1");
    BOOST_TEST((result.error == LineError::invalid_value));
    BOOST_TEST(result.message == "the symbol is not printable ASCII: 'BTC\uFFFD'");
}

BOOST_AUTO_TEST_CASE(a_long_field_is_quoted_only_in_part) {
    const auto result = parse_tick_line("1,BTC-USD,trade,,,,," + std::string(4000, '9') + "x,1");
    BOOST_TEST((result.error == LineError::wrong_type));
    BOOST_TEST(result.message.size() < 100U);
}

BOOST_AUTO_TEST_CASE(the_header_is_not_a_tick) {
    BOOST_TEST(!parse_tick_line(csv_tick_header).tick.has_value());
}
