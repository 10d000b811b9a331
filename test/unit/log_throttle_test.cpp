#define BOOST_TEST_MODULE log_throttle
#include <chrono>
#include <stdexcept>

#include <boost/test/unit_test.hpp>

#include "liquid_apps/log_throttle.hpp"

using liquid_apps::LogThrottle;
using std::chrono::seconds;

BOOST_AUTO_TEST_CASE(a_burst_logs_one_line_per_interval_and_counts_every_occurrence) {
    LogThrottle throttle(seconds(5));
    const LogThrottle::Clock::time_point start{};
    int lines = 0;
    // 10,000 bad orders within a second: one line.
    for (int i = 0; i < 10'000; ++i) lines += throttle.admit(start) ? 1 : 0;
    BOOST_TEST(lines == 1);
    BOOST_TEST(throttle.total() == 10'000U);
    BOOST_TEST(!throttle.admit(start + seconds(4)));
    // The next line, an interval later, stands for the ones held back since the first.
    BOOST_TEST(throttle.admit(start + seconds(5)));
    BOOST_TEST(throttle.held_back() == 10'000U);
    BOOST_TEST(throttle.total() == 10'002U);
}

BOOST_AUTO_TEST_CASE(occurrences_an_interval_apart_are_each_logged) {
    LogThrottle throttle(seconds(1));
    const LogThrottle::Clock::time_point start{};
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(throttle.admit(start + seconds(i)));
        BOOST_TEST(throttle.held_back() == 0U);
    }
}

BOOST_AUTO_TEST_CASE(refuses_an_interval_that_is_not_positive) {
    BOOST_CHECK_THROW(LogThrottle(seconds(0)), std::invalid_argument);
}
