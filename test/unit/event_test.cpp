#define BOOST_TEST_MODULE event
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
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

BOOST_AUTO_TEST_CASE(copies_share_one_immutable_payload) {
    const Event original(EventType::MARKET_DATA, {{"symbol", "ETH-USD"}});
    const Event copy = original;
    BOOST_TEST(&copy.data() == &original.data());
}

BOOST_AUTO_TEST_CASE(a_payload_copied_out_stays_valid_after_the_event_is_recycled) {
    const std::string long_text(200, 'x');
    boost::json::object copied;
    boost::json::value name;
    {
        const Event event(EventType::INFO, {{"text", long_text}, {"name", "a name past SBO"}});
        copied = event.data();
        name = event.data().at("name");
    }
    // Reuses the recycled record, overwriting its arena.
    for (int i = 0; i < 100; ++i) {
        const Event reuse(EventType::INFO, {{"text", std::string(200, 'y')}, {"name", "other"}});
        BOOST_TEST(reuse.data().at("text").as_string().size() == 200U);
    }
    BOOST_TEST(copied.at("text").as_string() == long_text);
    BOOST_TEST(name.as_string() == "a name past SBO");
    copied["added"] = "grows the copy after the event is gone";
    BOOST_TEST(copied.size() == 3U);
}

BOOST_AUTO_TEST_CASE(a_payload_larger_than_the_event_arena_keeps_every_field) {
    boost::json::array numbers;
    for (int i = 0; i < 100; ++i) numbers.push_back(i);
    const Event event(EventType::INFO, {{"numbers", numbers}, {"text", std::string(1000, 'z')}});
    BOOST_TEST(event.data().at("numbers").as_array() == numbers);
    BOOST_TEST(event.data().at("text").as_string().size() == 1000U);
}

BOOST_AUTO_TEST_CASE(a_key_given_twice_is_refused_with_its_name) {
    BOOST_CHECK_EXCEPTION(Event(EventType::INFO, {{"key", 1}, {"other", 0}, {"key", 2}}),
                          std::invalid_argument, [](const std::invalid_argument& error) {
                              return std::string(error.what()).find("'key'") != std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(an_explicit_timestamp_is_kept) {
    const auto when = Event::clock::time_point(std::chrono::milliseconds(1'700'000'000'123));
    const Event from_fields(EventType::MARKET_DATA, {{"price", 1.5}}, "replay", when);
    const Event from_object(EventType::MARKET_DATA, boost::json::object{}, std::nullopt, when);
    BOOST_TEST((from_fields.timestamp() == when));
    BOOST_TEST((from_object.timestamp() == when));
}

BOOST_AUTO_TEST_CASE(a_moved_from_event_is_empty) {
    Event original(EventType::ORDER_UPDATE, {{"qty", 1}}, "strategy");
    const Event moved = std::move(original);
    BOOST_TEST(moved.data().at("qty").as_int64() == 1);
    // NOLINTNEXTLINE(bugprone-use-after-move): the empty state is what is tested.
    BOOST_TEST(static_cast<std::uint32_t>(original.type()) == 0U);
    BOOST_TEST(original.data().empty());
    BOOST_TEST(!original.source().has_value());
}
