#define BOOST_TEST_MODULE log_budget
#include <chrono>

#include <boost/test/unit_test.hpp>

#include "liquid_apps/log_budget.hpp"

using liquid_apps::LogBudget;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(a_burst_is_logged_then_the_rest_of_the_interval_only_counted) {
    LogBudget budget(2, 1s);
    const LogBudget::Clock::time_point start{10s};
    BOOST_TEST(budget.take(start).value_or(99) == 0U);
    BOOST_TEST(budget.take(start + 1ms).value_or(99) == 0U);
    for (int i = 0; i < 1000; ++i) BOOST_TEST(!budget.take(start + 2ms).has_value());
    // The next interval logs again and says how many went unlogged.
    BOOST_TEST(budget.take(start + 1s).value_or(0) == 1000U);
    BOOST_TEST(budget.total() == 1003U);
}
