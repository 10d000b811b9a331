// Holds a liquid-demo summary (--summary-json) to what its data file implies:
//   demo_summary_check SUMMARY.json DATA.csv MALFORMED_LINES
// Exits 0 if every check passes, else 1 after listing the failures.
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "summary_checks.hpp"

namespace {

using summary_checks::check;
using summary_checks::failures;
using summary_checks::read_file;

std::int64_t integer(const boost::json::object& summary, const char* key) {
    return summary.at(key).to_number<std::int64_t>();
}

double number(const boost::json::object& object, const char* key) {
    const auto* value = object.if_contains(key);
    return value == nullptr ? 0.0 : value->to_number<double>();
}

bool near(double a, double b, double scale) { return std::abs(a - b) <= 1e-9 * (scale + 1); }

void check_counts(const boost::json::object& s, std::int64_t file_lines, std::int64_t malformed) {
    const auto ticks = integer(s, "ticks");
    check(s.at("replay_error").as_string().empty(), "the replay ended without an error");
    check(!s.at("interrupted").as_bool(), "the run was not interrupted");
    check(integer(s, "lines") == file_lines, "every line of the file was read");
    check(ticks + integer(s, "malformed_lines") == file_lines - 1,
          "every record after the header is a tick or a malformed line");
    check(integer(s, "malformed_lines") == malformed, "the malformed lines are the planted ones");
    check(integer(s, "quotes") + integer(s, "trades") == ticks, "every tick reached the blotter");
    check(integer(s, "errors") >= malformed, "every malformed line became an ERROR event");
    check(integer(s, "orders") > 0 && integer(s, "fills") > 0, "the strategies traded");
    check(integer(s, "orders") == integer(s, "filled") + integer(s, "cancelled") +
                                      integer(s, "rejected") + integer(s, "open") +
                                      integer(s, "unanswered"),
          "orders = filled + cancelled + rejected + open + unanswered");
    check(integer(s, "open") == 0 && integer(s, "unanswered") == 0,
          "every order got a final answer");
    check(integer(s, "fills") >= integer(s, "filled"), "every filled order has a fill");
    check(integer(s, "risk_rejections") <= integer(s, "rejected"),
          "risk rejections are among the rejected orders");
    check(integer(s, "anomalies") == 0, "no report or fill contradicts the order flow");
    check(integer(s, "handler_failures") == 0, "no event handler threw");
    check(number(s, "events_per_second") > 0, "a throughput is reported");
    check(integer(s, "peak_resident_bytes") > 0, "a peak memory is reported");
}

void check_pnl(const boost::json::object& symbols) {
    for (const auto& [symbol, entry] : symbols) {
        const auto& p = entry.as_object();
        const std::string name(symbol);
        const double position = number(p, "position");
        const double mark = number(p, "mark");
        const double bought = number(p, "bought");
        const double sold = number(p, "sold");
        const double cash = number(p, "sell_notional") - number(p, "buy_notional");
        const double scale = number(p, "sell_notional") + number(p, "buy_notional");
        check(near(position, bought - sold, bought + sold),
              name + ": the position is what the fills bought less what they sold");
        check(near(number(p, "realised") + number(p, "unrealised"), cash + position * mark, scale),
              name + ": realised + unrealised P&L = fill cash flow + position at the mark");
    }
}

std::int64_t count_lines(const std::string& text) {
    std::int64_t lines = 0;
    for (const char c : text) lines += c == '\n' ? 1 : 0;
    return lines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: demo_summary_check SUMMARY.json DATA.csv MALFORMED_LINES\n";
        return 2;
    }
    try {
        const auto summary = boost::json::parse(read_file(argv[1])).as_object();
        check_counts(summary, count_lines(read_file(argv[2])), std::stoll(argv[3]));
        check_pnl(summary.at("symbols").as_object());
    } catch (const std::exception& error) {
        std::cerr << "demo_summary_check: " << error.what() << '\n';
        return 1;
    }
    if (failures != 0) return 1;
    std::cout << "the summary is consistent with " << argv[2] << '\n';
    return 0;
}
