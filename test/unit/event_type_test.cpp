#define BOOST_TEST_MODULE event_type
#include <sstream>
#include <stdexcept>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/event_type.hpp"

using namespace liquid_energy::core;

BOOST_AUTO_TEST_CASE(builtin_types_have_fixed_values_and_names) {
    BOOST_TEST(static_cast<int>(EventType::MARKET_DATA) == 1);
    BOOST_TEST(static_cast<int>(EventType::SYSTEM) == 7);
    BOOST_TEST(to_string(EventType::MARKET_DATA) == "MARKET_DATA");
    BOOST_TEST(to_string(EventType::ORDER_UPDATE) == "ORDER_UPDATE");
    BOOST_TEST(to_string(EventType::TRADE_UPDATE) == "TRADE_UPDATE");
    BOOST_TEST(to_string(EventType::STRATEGY_UPDATE) == "STRATEGY_UPDATE");
    BOOST_TEST(to_string(EventType::ERROR) == "ERROR");
    BOOST_TEST(to_string(EventType::INFO) == "INFO");
    BOOST_TEST(to_string(EventType::SYSTEM) == "SYSTEM");
}

BOOST_AUTO_TEST_CASE(the_builtin_list_holds_every_builtin_in_value_order_and_no_other_type) {
    BOOST_TEST(builtin_event_types.size() == 7U);
    for (std::size_t index = 0; index < builtin_event_types.size(); ++index) {
        BOOST_TEST(static_cast<std::size_t>(builtin_event_types[index]) == index + 1);
        BOOST_TEST(is_builtin(builtin_event_types[index]));
    }
    BOOST_TEST(builtin_event_type_end == 8U);
    BOOST_TEST(!is_builtin(EventType{0}));
    BOOST_TEST(!is_builtin(EventType{8}));
    BOOST_TEST(!is_builtin(EventType{100}));
}

BOOST_AUTO_TEST_CASE(user_defined_type_needs_no_library_change_and_reads_well) {
    constexpr EventType ML_PREDICTION{100};
    BOOST_TEST(static_cast<int>(ML_PREDICTION) == 100);
    BOOST_TEST(to_string(EventType{4242}) == "EventType(4242)");
}

BOOST_AUTO_TEST_CASE(registered_name_is_used_for_a_user_type) {
    constexpr EventType SIGNAL{101};
    register_event_type_name(SIGNAL, "SIGNAL");
    BOOST_TEST(to_string(SIGNAL) == "SIGNAL");
    std::ostringstream out;
    out << SIGNAL << ' ' << EventType::INFO;
    BOOST_TEST(out.str() == "SIGNAL INFO");
}

BOOST_AUTO_TEST_CASE(builtin_names_cannot_be_replaced) {
    BOOST_CHECK_THROW(register_event_type_name(EventType::ERROR, "OOPS"), std::invalid_argument);
    BOOST_CHECK_THROW(register_event_type_name(EventType{102}, ""), std::invalid_argument);
    BOOST_TEST(to_string(EventType::ERROR) == "ERROR");
}
