#define BOOST_TEST_MODULE cli
#include <limits>
#include <string>

#include <boost/test/unit_test.hpp>

#include "liquid_apps/cli.hpp"

using liquid_apps::parse_address;
using liquid_apps::UsageError;

namespace {

/// The message of the UsageError that reading `text` throws; empty if it throws none.
std::string refusal(const std::string& text) {
    try {
        parse_address(text, "feed");
    } catch (const UsageError& error) {
        return error.message;
    }
    return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_address_is_a_host_and_a_port) {
    const auto address = parse_address("127.0.0.1:7401", "feed");
    BOOST_TEST(address.host == "127.0.0.1");
    BOOST_TEST(address.port == 7401);
    BOOST_TEST(address.to_string() == "127.0.0.1:7401");
    BOOST_TEST(parse_address("localhost:1", "feed").host == "localhost");
}

BOOST_AUTO_TEST_CASE(an_ipv6_host_goes_in_brackets_both_ways) {
    const auto address = parse_address("[::1]:7402", "exchange");
    BOOST_TEST(address.host == "::1");
    BOOST_TEST(address.port == 7402);
    BOOST_TEST(address.to_string() == "[::1]:7402");
}

BOOST_AUTO_TEST_CASE(a_bad_address_is_a_usage_error_naming_the_option) {
    for (const auto* bad : {"127.0.0.1", "127.0.0.1:", ":7401", "127.0.0.1:0", "127.0.0.1:65536",
                            "127.0.0.1:74x1", "[]:7401"}) {
        const auto message = refusal(bad);
        BOOST_TEST(message.find("--feed") != std::string::npos, bad << ": '" << message << "'");
    }
}

BOOST_AUTO_TEST_CASE(a_speed_is_zero_or_positive) {
    BOOST_TEST(liquid_apps::checked_speed(0) == 0);
    BOOST_TEST(liquid_apps::checked_speed(2.5) == 2.5);
    BOOST_CHECK_THROW(liquid_apps::checked_speed(-1), UsageError);
    BOOST_CHECK_THROW(liquid_apps::checked_speed(std::numeric_limits<double>::infinity()),
                      UsageError);
}
