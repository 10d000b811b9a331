#define BOOST_TEST_MODULE line_error
#include <string>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/wire/line_error.hpp"

using namespace liquid_energy::wire;

namespace {

/// Whether `text` survives being written as a JSON string and read back.
bool travels_as_json(const std::string& text) {
    boost::system::error_code error;
    const auto value = boost::json::parse(boost::json::serialize(boost::json::string(text)), error);
    return !error && value.is_string() && value.get_string() == text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_error_has_a_stable_name) {
    BOOST_TEST(to_string(LineError::malformed) == "malformed");
    BOOST_TEST(to_string(LineError::wrong_type) == "wrong_type");
    BOOST_TEST(to_string(LineError::invalid_value) == "invalid_value");
    BOOST_TEST(to_string(LineError::oversized) == "oversized");
    BOOST_TEST(to_string(LineError::unfinished) == "unfinished");
}

BOOST_AUTO_TEST_CASE(counts_are_kept_per_error_and_totalled) {
    LineErrorCounts counts;
    ++counts[LineError::wrong_type];
    ++counts[LineError::wrong_type];
    ++counts[LineError::unfinished];
    BOOST_TEST(counts.wrong_type == 2U);
    BOOST_TEST(counts.unfinished == 1U);
    BOOST_TEST(counts.malformed == 0U);
    BOOST_TEST(std::as_const(counts)[LineError::wrong_type] == 2U);
    BOOST_TEST(counts.total() == 3U);
}

BOOST_AUTO_TEST_CASE(an_excerpt_keeps_valid_utf8_up_to_the_limit_without_cutting_a_character) {
    BOOST_TEST(utf8_excerpt("plain text", 100) == "plain text");
    BOOST_TEST(utf8_excerpt("plain text", 5) == "plain");
    BOOST_TEST(utf8_excerpt("a\u00E9b", 2) == "a");
    BOOST_TEST(utf8_excerpt("a\u00E9b", 3) == "a\u00E9");
    BOOST_TEST(utf8_excerpt("\U0001F600!", 4) == "\U0001F600");
    BOOST_TEST(utf8_excerpt("", 4).empty());
}

BOOST_AUTO_TEST_CASE(an_excerpt_replaces_each_byte_outside_a_well_formed_sequence) {
    BOOST_TEST(utf8_excerpt("x\xFFy", 10) == "x\uFFFDy");
    // An overlong '/', a surrogate, a sequence cut short, a code point above U+10FFFF.
    BOOST_TEST(utf8_excerpt("\xC0\xAF", 10) == "\uFFFD\uFFFD");
    BOOST_TEST(utf8_excerpt("\xED\xA0\x80", 10) == "\uFFFD\uFFFD\uFFFD");
    BOOST_TEST(utf8_excerpt("\xE2\x82", 10) == "\uFFFD\uFFFD");
    BOOST_TEST(utf8_excerpt("\xF4\x90\x80\x80", 64) == "\uFFFD\uFFFD\uFFFD\uFFFD");
    // The replacements count against the limit.
    BOOST_TEST(utf8_excerpt("\xFF\xFF", 5) == "\uFFFD");
    for (const std::string bytes : {"\xFF\xFE", "x\xC3", "\xE0\x80\x80", "\xF0\x8F\xBF\xBF"}) {
        BOOST_TEST(travels_as_json(utf8_excerpt(bytes, 64)));
    }
}
