#define BOOST_TEST_MODULE line_framer
#include <cstddef>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/wire/line_framer.hpp"

using liquid_energy::wire::LineFramer;

namespace {

void check(const std::optional<LineFramer::Frame>& frame, std::string_view text, bool oversized) {
    BOOST_REQUIRE(frame);
    BOOST_TEST(frame->text == text);
    BOOST_TEST(frame->oversized == oversized);
}

}  // namespace

BOOST_AUTO_TEST_CASE(joins_lines_split_across_chunks_and_drops_carriage_returns) {
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

BOOST_AUTO_TEST_CASE(reports_an_oversized_line_once_and_skips_to_the_next_one) {
    LineFramer framer(8);
    framer.append("0123456789abc");
    check(framer.next(), "01234567", true);
    framer.append("def");
    BOOST_TEST(!framer.next());
    BOOST_TEST(framer.partial_line().empty());
    framer.append("ghi\nok\n");
    check(framer.next(), "ok", false);
}

BOOST_AUTO_TEST_CASE(accepts_a_line_of_exactly_the_limit) {
    LineFramer framer(8);
    framer.append("01234567\r");
    BOOST_TEST(!framer.next());
    framer.append("\n012345678\n");
    check(framer.next(), "01234567", false);
    check(framer.next(), "01234567", true);
}

BOOST_AUTO_TEST_CASE(a_line_one_byte_over_the_limit_is_reported_before_its_newline_arrives) {
    LineFramer framer(8);
    framer.append("012345678");
    check(framer.next(), "01234567", true);
}

BOOST_AUTO_TEST_CASE(the_largest_limit_waits_for_the_newline_of_any_line) {
    LineFramer framer(std::numeric_limits<std::size_t>::max());
    framer.append("no newline yet");
    BOOST_TEST(!framer.next());
    BOOST_TEST(framer.partial_line() == "no newline yet");
    framer.append("\n");
    check(framer.next(), "no newline yet", false);
}

BOOST_AUTO_TEST_CASE(a_zero_limit_is_refused) {
    BOOST_CHECK_THROW(LineFramer(0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(any_cut_of_a_stream_yields_its_lines_within_the_limit_plus_one_chunk) {
    constexpr std::size_t limit = 32;
    constexpr std::size_t max_chunk = 50;
    std::mt19937 random(2024);
    std::string stream;
    std::vector<std::string> expected;
    std::vector<bool> expected_oversized;
    for (int i = 0; i < 2000; ++i) {
        const std::size_t length = random() % (3 * limit);
        std::string line(length, static_cast<char>('a' + i % 26));
        stream += line + (i % 3 == 0 ? "\r\n" : "\n");
        expected.push_back(length > limit ? line.substr(0, limit) : line);
        expected_oversized.push_back(length > limit);
    }

    LineFramer framer(limit);
    std::vector<std::string> lines;
    std::vector<bool> oversized;
    for (std::size_t at = 0; at < stream.size();) {
        const std::size_t chunk = 1 + random() % max_chunk;
        framer.append(std::string_view(stream).substr(at, chunk));
        at += chunk;
        BOOST_TEST_REQUIRE(framer.buffered() <= limit + 1 + chunk);
        while (const auto frame = framer.next()) {
            lines.emplace_back(frame->text);
            oversized.push_back(frame->oversized);
        }
    }
    BOOST_TEST(lines == expected, boost::test_tools::per_element());
    BOOST_TEST(oversized == expected_oversized, boost::test_tools::per_element());
    BOOST_TEST(framer.partial_line().empty());
    BOOST_TEST(framer.peak_buffered() <= limit + 1 + max_chunk);
}
