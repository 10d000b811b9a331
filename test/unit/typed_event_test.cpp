#define BOOST_TEST_MODULE typed_event
#include <cstdint>
#include <latch>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/describe/class.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/event.hpp"

using namespace liquid_energy::core;

namespace sample {

struct Quote {
    std::string symbol;
    double price = 0;
    double volume = 0;
    std::int64_t seq = 0;
};
BOOST_DESCRIBE_STRUCT(Quote, (), (symbol, price, volume, seq))

struct Tag {
    std::string symbol;
    std::optional<std::string> venue;
};
BOOST_DESCRIBE_STRUCT(Tag, (), (symbol, venue))

// Too large for the record's inline storage.
struct Snapshot {
    std::string symbol;
    std::string venue;
    std::string book;
    std::string session;
    std::string trader;
    std::vector<double> levels;
};
BOOST_DESCRIBE_STRUCT(Snapshot, (), (symbol, venue, book, session, trader, levels))

// Converted by its own tag_invoke overloads, not described.
struct Price {
    double value = 0;
};
void tag_invoke(boost::json::value_from_tag, boost::json::value& json, const Price& price) {
    json = {{"px", price.value}};
}
Price tag_invoke(boost::json::value_to_tag<Price>, const boost::json::value& json) {
    return Price{json.at("px").to_number<double>()};
}

}  // namespace sample

using sample::Quote;

namespace {

std::string message_of(const std::invalid_argument& error) { return error.what(); }

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_typed_event_hands_back_the_producers_object) {
    const Event typed(EventType::MARKET_DATA, Quote{"ETH-USD", 3500.25, 10.5, 1}, "feed");
    const Quote& quote = typed.get<Quote>();
    BOOST_TEST(quote.symbol == "ETH-USD");
    BOOST_TEST(quote.price == 3500.25);
    BOOST_TEST(&typed.get<Quote>() == &quote);
    BOOST_TEST(typed.get_if<Quote>() == &quote);
    BOOST_TEST(*typed.source() == "feed");
}

BOOST_AUTO_TEST_CASE(the_json_view_of_a_typed_event_is_made_once_with_every_field) {
    const Event typed(EventType::MARKET_DATA, Quote{"ETH-USD", 3500.25, 10.5, 7});
    const boost::json::object& data = typed.data();
    BOOST_TEST(data.at("symbol").as_string() == "ETH-USD");
    BOOST_TEST(data.at("price").as_double() == 3500.25);
    BOOST_TEST(data.at("volume").as_double() == 10.5);
    BOOST_TEST(data.at("seq").as_int64() == 7);
    BOOST_TEST(&typed.data() == &data);
}

BOOST_AUTO_TEST_CASE(a_dict_event_converts_to_a_struct_once) {
    const Event dict(EventType::MARKET_DATA,
                     {{"symbol", "ETH-USD"}, {"price", 3500.25}, {"volume", 10.5}, {"seq", 1}});
    const Quote& quote = dict.get<Quote>();
    BOOST_TEST(quote.price == 3500.25);
    BOOST_TEST(quote.seq == 1);
    BOOST_TEST(&dict.get<Quote>() == &quote);
}

BOOST_AUTO_TEST_CASE(a_failed_conversion_names_the_event_type_the_cpp_type_and_the_field) {
    const Event wrong(EventType::MARKET_DATA,
                      {{"symbol", "ETH-USD"}, {"price", "high"}, {"volume", 1}, {"seq", 1}});
    BOOST_CHECK_EXCEPTION(wrong.get<Quote>(), std::invalid_argument,
                          [](const std::invalid_argument& error) {
                              const std::string text = message_of(error);
                              return contains(text, "MARKET_DATA") &&
                                     contains(text, "sample::Quote") && contains(text, "'price'");
                          });
    const Event missing(EventType::ORDER_UPDATE, {{"symbol", "ETH-USD"}});
    BOOST_CHECK_EXCEPTION(missing.get<Quote>(), std::invalid_argument,
                          [](const std::invalid_argument& error) {
                              const std::string text = message_of(error);
                              return contains(text, "ORDER_UPDATE") && contains(text, "missing");
                          });
}

BOOST_AUTO_TEST_CASE(get_if_is_null_only_when_the_payload_cannot_become_the_type) {
    const Event quote(EventType::MARKET_DATA, Quote{"ETH-USD", 1, 2, 3});
    BOOST_TEST(quote.get_if<sample::Price>() == nullptr);
    const sample::Tag* tag = quote.get_if<sample::Tag>();
    BOOST_REQUIRE(tag != nullptr);
    BOOST_TEST(tag->symbol == "ETH-USD");
    BOOST_TEST(!tag->venue.has_value());
    BOOST_TEST(&quote.get<Quote>() == quote.get_if<Quote>());
}

BOOST_AUTO_TEST_CASE(types_with_their_own_conversions_are_payloads) {
    const Event typed(EventType{100}, sample::Price{42.5});
    BOOST_TEST(typed.data().at("px").as_double() == 42.5);
    const Event dict(EventType{100}, {{"px", 7.25}});
    BOOST_TEST(dict.get<sample::Price>().value == 7.25);
}

BOOST_AUTO_TEST_CASE(a_payload_larger_than_the_inline_storage_is_kept_whole) {
    sample::Snapshot snapshot{"BTC-USD", "X", "main", "day", "desk", {}};
    static_assert(sizeof(sample::Snapshot) > 128);
    for (int i = 0; i < 40; ++i) snapshot.levels.push_back(i * 0.5);
    const Event typed(EventType::MARKET_DATA, snapshot);
    BOOST_TEST(typed.get<sample::Snapshot>().levels[39] == 19.5);
    BOOST_TEST(typed.data().at("levels").as_array().size() == 40U);
}

BOOST_AUTO_TEST_CASE(a_typed_event_keeps_an_explicit_timestamp) {
    const auto when = Event::clock::time_point(std::chrono::seconds(1'700'000'000));
    const Event typed(EventType::MARKET_DATA, Quote{}, "replay", when);
    BOOST_TEST((typed.timestamp() == when));
}

BOOST_AUTO_TEST_CASE(many_threads_asking_for_both_views_see_one_of_each) {
    constexpr int threads = 8;
    for (int round = 0; round < 50; ++round) {
        const Event typed(EventType::MARKET_DATA, Quote{"SOL-USD", 21.5, 3, round});
        const Event dict(EventType::MARKET_DATA,
                         {{"symbol", "SOL-USD"}, {"price", 21.5}, {"volume", 3}, {"seq", round}});
        std::vector<const void*> seen(threads * 2);
        std::latch start(threads);
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                start.arrive_and_wait();
                seen[2 * t] = &typed.data();
                seen[2 * t + 1] = &dict.get<Quote>();
            });
        }
        workers.clear();
        for (int t = 0; t < threads; ++t) {
            BOOST_TEST(seen[2 * t] == seen[0]);
            BOOST_TEST(seen[2 * t + 1] == seen[1]);
        }
        BOOST_TEST(typed.data().at("seq").as_int64() == round);
        BOOST_TEST(dict.get<Quote>().seq == round);
    }
}

BOOST_AUTO_TEST_CASE(recycled_records_forget_their_views) {
    for (int i = 0; i < 200; ++i) {
        const Event typed(EventType::MARKET_DATA, Quote{"ETH-USD", 1.0 * i, 1, i});
        BOOST_TEST(typed.data().at("seq").as_int64() == i);
        const Event dict(EventType::INFO, {{"text", "not a quote"}});
        BOOST_TEST(dict.get_if<Quote>() == nullptr);
        BOOST_TEST(dict.data().size() == 1U);
    }
}
