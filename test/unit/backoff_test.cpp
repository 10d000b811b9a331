#define BOOST_TEST_MODULE backoff
#include <chrono>
#include <optional>
#include <stdexcept>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_apps/backoff.hpp"

using liquid_apps::Backoff;
using liquid_apps::ReconnectPolicy;
using std::chrono::milliseconds;

namespace {

/// The waits after each failure until the backoff gives up.
std::vector<long> waits_until_giving_up(Backoff& backoff) {
    std::vector<long> waits;
    while (const auto delay = backoff.next_delay()) waits.push_back(delay->count());
    return waits;
}

}  // namespace

BOOST_AUTO_TEST_CASE(waits_double_from_the_initial_delay_up_to_the_cap_then_it_gives_up) {
    Backoff backoff(
        {.initial_delay = milliseconds(100), .max_delay = milliseconds(1000), .max_attempts = 8});
    // The first attempt costs no wait, so seven waits separate eight attempts.
    BOOST_TEST(
        waits_until_giving_up(backoff) == (std::vector<long>{100, 200, 400, 800, 1000, 1000, 1000}),
        boost::test_tools::per_element());
    BOOST_TEST(backoff.failures() == 8U);
}

BOOST_AUTO_TEST_CASE(a_success_starts_the_next_outage_over) {
    Backoff backoff(
        {.initial_delay = milliseconds(10), .max_delay = milliseconds(1000), .max_attempts = 3});
    backoff.next_delay();
    backoff.next_delay();
    backoff.reset();
    BOOST_TEST(backoff.failures() == 0U);
    BOOST_TEST(waits_until_giving_up(backoff) == (std::vector<long>{10, 20}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(one_attempt_means_no_retry) {
    Backoff backoff(
        {.initial_delay = milliseconds(10), .max_delay = milliseconds(10), .max_attempts = 1});
    BOOST_TEST(!backoff.next_delay().has_value());
}

BOOST_AUTO_TEST_CASE(a_policy_that_cannot_retry_sensibly_is_refused) {
    BOOST_CHECK_THROW(Backoff(ReconnectPolicy{.max_attempts = 0}), std::invalid_argument);
    BOOST_CHECK_THROW(Backoff(ReconnectPolicy{.initial_delay = milliseconds(0)}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(Backoff(ReconnectPolicy{.initial_delay = milliseconds(5000),
                                              .max_delay = milliseconds(1000)}),
                      std::invalid_argument);
}
