#define BOOST_TEST_MODULE json_line
#include <algorithm>
#include <string>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/detail/line_framer.hpp"
#include "liquid_energy/core/json_line.hpp"

using namespace liquid_energy::core;
using detail::LineFramer;

namespace {

Event decoded(std::string_view line) {
    std::string reason;
    auto event = decode_json_line(line, reason);
    BOOST_REQUIRE_MESSAGE(event, "refused: " << reason);
    return std::move(*event);
}

std::string refusal(std::string_view line) {
    std::string reason;
    BOOST_TEST(!decode_json_line(line, reason));
    return reason;
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_event_survives_a_round_trip) {
    const Event sent(EventType::ORDER_UPDATE, {{"action", "create"}, {"quantity", 10}}, "trader-1");
    auto line = encode_json_line(sent);
    BOOST_TEST(line.back() == '\n');
    line.pop_back();
    const auto received = decoded(line);
    BOOST_TEST(received.type() == EventType::ORDER_UPDATE);
    BOOST_TEST(received.data() == sent.data());
    BOOST_TEST(received.source().value_or("") == "trader-1");
}

BOOST_AUTO_TEST_CASE(built_in_types_travel_by_name_and_user_types_by_number) {
    constexpr EventType ML_PREDICTION{100};
    BOOST_TEST(
        contains(encode_json_line(Event(EventType::MARKET_DATA)), R"("type":"MARKET_DATA")"));
    BOOST_TEST(contains(encode_json_line(Event(ML_PREDICTION)), R"("type":100)"));
    BOOST_TEST(decoded(R"({"type":100})").type() == ML_PREDICTION);
    BOOST_TEST(decoded(R"({"type":1})").type() == EventType::MARKET_DATA);
}

BOOST_AUTO_TEST_CASE(an_encoded_event_is_exactly_one_line) {
    const auto line = encode_json_line(Event(EventType::INFO, {{"text", "two\nlines"}}, "a\nb"));
    BOOST_TEST(std::count(line.begin(), line.end(), '\n') == 1);
}

BOOST_AUTO_TEST_CASE(data_and_source_are_optional_and_other_fields_ignored) {
    const auto event = decoded(R"({"type":"SYSTEM","timestamp":1,"extra":[1,2]})");
    BOOST_TEST(event.type() == EventType::SYSTEM);
    BOOST_TEST(event.data().empty());
    BOOST_TEST(!event.source());
}

BOOST_AUTO_TEST_CASE(a_line_that_is_not_an_event_is_refused_with_a_reason) {
    BOOST_TEST(contains(refusal("not json"), "malformed JSON"));
    BOOST_TEST(contains(refusal(R"({"type":"MARKET_DATA")"), "malformed JSON"));
    BOOST_TEST(contains(refusal("[1,2]"), "not a JSON object"));
    BOOST_TEST(contains(refusal(R"({"data":{}})"), "no \"type\""));
    BOOST_TEST(
        contains(refusal(R"({"type":"MARKET_DATUM"})"), "unknown event type \"MARKET_DATUM\""));
    BOOST_TEST(contains(refusal(R"({"type":-1})"), "unknown event type -1"));
    BOOST_TEST(contains(refusal(R"({"type":4294967296})"), "unknown event type"));
    BOOST_TEST(contains(refusal(R"({"type":1.5})"), "unknown event type"));
    BOOST_TEST(contains(refusal(R"({"type":"INFO","data":5})"), "\"data\" is not an object"));
    BOOST_TEST(contains(refusal(R"({"type":"INFO","source":5})"), "\"source\" is not a string"));
}

BOOST_AUTO_TEST_CASE(the_framer_joins_lines_split_across_chunks_and_drops_carriage_returns) {
    LineFramer framer(100);
    framer.append("{\"a\"");
    BOOST_TEST(!framer.next());
    BOOST_TEST(framer.partial_line() == "{\"a\"");
    framer.append(":1}\r\nsecond\nthi");
    BOOST_TEST(framer.next()->text == "{\"a\":1}");
    BOOST_TEST(framer.next()->text == "second");
    BOOST_TEST(!framer.next());
    BOOST_TEST(framer.partial_line() == "thi");
}

BOOST_AUTO_TEST_CASE(the_framer_reports_an_oversized_line_once_and_skips_to_the_next_one) {
    LineFramer framer(8);
    framer.append("0123456789abc");
    const auto oversized = framer.next();
    BOOST_REQUIRE(oversized);
    BOOST_TEST(oversized->oversized);
    BOOST_TEST(oversized->text == "01234567");
    framer.append("def");
    BOOST_TEST(!framer.next());
    BOOST_TEST(framer.partial_line().empty());
    framer.append("ghi\nok\n");
    const auto next = framer.next();
    BOOST_REQUIRE(next);
    BOOST_TEST(!next->oversized);
    BOOST_TEST(next->text == "ok");
}

BOOST_AUTO_TEST_CASE(the_framer_accepts_a_line_of_exactly_the_limit) {
    LineFramer framer(8);
    framer.append("01234567\r");
    BOOST_TEST(!framer.next());
    framer.append("\n012345678\n");
    BOOST_TEST(!framer.next()->oversized);
    BOOST_TEST(framer.next()->oversized);
}
