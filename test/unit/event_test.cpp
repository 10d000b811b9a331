#define BOOST_TEST_MODULE event
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/event.hpp"

using namespace liquid_energy::core;

BOOST_AUTO_TEST_CASE(event_keeps_type_data_and_source) {
    Event e(EventType::MARKET_DATA, {{"symbol", "ETH-USD"}, {"price", 3500.25}},
            "exchange_connector");
    BOOST_TEST(e.type() == EventType::MARKET_DATA);
    BOOST_TEST(e.data().at("symbol").as_string() == "ETH-USD");
    BOOST_TEST(e.data().at("price").as_double() == 3500.25);
    BOOST_REQUIRE(e.source().has_value());
    BOOST_TEST(*e.source() == "exchange_connector");
}

BOOST_AUTO_TEST_CASE(source_is_optional_and_data_defaults_to_empty) {
    const Event e(EventType::INFO);
    BOOST_TEST(!e.source().has_value());
    BOOST_TEST(e.data().empty());
}

BOOST_AUTO_TEST_CASE(timestamp_is_taken_at_construction) {
    const auto before = Event::clock::now();
    const Event e(EventType{100}, {{"score", 0.9}});
    const auto after = Event::clock::now();
    BOOST_TEST((before <= e.timestamp() && e.timestamp() <= after));
}

BOOST_AUTO_TEST_CASE(copies_are_independent) {
    Event original(EventType::ORDER_UPDATE, {{"qty", 1}});
    const Event copy = original;
    original = Event(EventType::ORDER_UPDATE, {{"qty", 2}});
    BOOST_TEST(copy.data().at("qty").as_int64() == 1);
    BOOST_TEST(original.data().at("qty").as_int64() == 2);
}
