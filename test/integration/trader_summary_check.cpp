// Holds liquid-trader's summary (--summary-json) against liquid-demo's on the same data, both in
// lockstep:
//   trader_summary_check DEMO.json TRADER.json same|feed-outage|exchange-outage|broker-outage
// same:            every count and every P&L figure equal, to the last bit; no outage.
// feed-outage:     the same, but for the ERROR events the feed link's outages added; the feed
//                  link lost its connection and made it again.
// exchange-outage: every tick handled once and every order answered; the exchange link lost
//                  its connection and made it again, and cancelled the orders it left unknown.
// broker-outage:   over NATS, a broker restart: every count and every P&L figure equal, to the
//                  last bit; both links lost the broker and found it again, and no order was
//                  cancelled for it.
// Exits 0 if every check passes, else 1 after listing the failures.
#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "summary_checks.hpp"

namespace {

using summary_checks::check;
using summary_checks::failures;

struct Summary {
    std::string text;
    boost::json::object json;
};

Summary read_summary(const char* path) {
    std::string text = summary_checks::read_file(path);
    auto json = boost::json::parse(text).as_object();
    return {std::move(text), std::move(json)};
}

/// The text of the object under "symbols". Compared as text because Boost 1.81's parser may read
/// two neighbouring doubles' texts as the same double; the writer's texts (shortest round trip)
/// differ whenever the doubles do.
std::string_view symbols_text(const Summary& summary) {
    constexpr std::string_view key = "\"symbols\":";
    const std::string_view text = summary.text;
    const auto start = text.find(key);
    if (start == std::string_view::npos) throw std::runtime_error("no symbols in the summary");
    const auto begin = start + key.size();
    int depth = 0;
    for (auto end = begin; end < text.size(); ++end) {
        depth += text[end] == '{' ? 1 : text[end] == '}' ? -1 : 0;
        if (depth == 0) return text.substr(begin, end + 1 - begin);
    }
    throw std::runtime_error("the symbols object is not closed");
}

void check_same(const boost::json::object& demo, const boost::json::object& trader,
                std::string_view key) {
    const auto& expected = demo.at(key);
    const auto& actual = trader.at(key);
    check(expected == actual, std::string(key) + ": liquid-trader has " +
                                  boost::json::serialize(actual) + ", liquid-demo " +
                                  boost::json::serialize(expected));
}

const boost::json::object& link(const boost::json::object& summary, std::string_view name) {
    for (const auto& entry : summary.at("links").as_array()) {
        if (entry.at("name").as_string() == name) return entry.as_object();
    }
    throw std::runtime_error("no " + std::string(name) + " link in the summary");
}

std::int64_t integer(const boost::json::object& object, std::string_view key) {
    return object.at(key).to_number<std::int64_t>();
}

void check_outages(const boost::json::object& trader, std::string_view name, bool expected) {
    const auto& entry = link(trader, name);
    const auto outages = integer(entry, "outages");
    const std::string what(name);
    check(expected ? outages > 0 : outages == 0,
          what + " link: " + (expected ? "it lost its connection" : "no outage"));
    check(integer(entry, "reconnections") == outages,
          what + " link: it connected again after each outage");
    check(entry.at("failure").as_string().empty(), what + " link: it did not give up");
}

void check_every_tick_once(const boost::json::object& demo, const boost::json::object& trader) {
    for (const auto* key : {"lines", "ticks", "malformed_lines", "quotes", "trades"}) {
        check_same(demo, trader, key);
    }
    check(trader.at("replay_error").as_string().empty(), "no replay error");
    check(!trader.at("interrupted").as_bool(), "not interrupted");
}

void check_every_order_answered(const boost::json::object& trader) {
    for (const auto* key : {"open", "unanswered", "anomalies", "handler_failures"}) {
        check(integer(trader, key) == 0, std::string(key) + " is 0");
    }
}

void check_same_trading(const Summary& demo, const Summary& trader) {
    for (const auto* key :
         {"orders", "filled", "cancelled", "rejected", "fills", "risk_rejections"}) {
        check_same(demo.json, trader.json, key);
    }
    check(symbols_text(demo) == symbols_text(trader),
          "positions and P&L: liquid-trader has " + std::string(symbols_text(trader)) +
              ", liquid-demo " + std::string(symbols_text(demo)));
}

void check_mode(std::string_view mode, const Summary& demo_summary, const Summary& trader_summary) {
    const auto& demo = demo_summary.json;
    const auto& trader = trader_summary.json;
    check_every_tick_once(demo, trader);
    check_every_order_answered(trader);
    const auto errors = integer(trader, "errors");
    if (mode == "same") {
        check_same_trading(demo_summary, trader_summary);
        check_same(demo, trader, "errors");
        check_outages(trader, "feed", false);
        check_outages(trader, "exchange", false);
    } else if (mode == "feed-outage") {
        check_same_trading(demo_summary, trader_summary);
        check_outages(trader, "feed", true);
        check_outages(trader, "exchange", false);
        check(errors >= integer(demo, "errors") + integer(link(trader, "feed"), "outages"),
              "each outage is an ERROR event besides the data's");
    } else if (mode == "exchange-outage") {
        check_outages(trader, "feed", false);
        check_outages(trader, "exchange", true);
        const auto& exchange = link(trader, "exchange");
        check(integer(exchange, "orders_cancelled_on_disconnect") > 0,
              "orders working when the link dropped were reported cancelled");
        check(errors >= integer(demo, "errors") + 2 * integer(exchange, "outages"),
              "each outage, and the orders it cancelled, are ERROR events besides the data's");
    } else if (mode == "broker-outage") {
        check_same_trading(demo_summary, trader_summary);
        check_same(demo, trader, "errors");
        check_outages(trader, "feed", true);
        check_outages(trader, "exchange", true);
        check(integer(link(trader, "exchange"), "orders_cancelled_on_disconnect") == 0,
              "no order cancelled for the broker's outage");
    } else {
        throw std::runtime_error("unknown mode " + std::string(mode));
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: trader_summary_check DEMO.json TRADER.json "
                     "same|feed-outage|exchange-outage|broker-outage\n";
        return 2;
    }
    try {
        check_mode(argv[3], read_summary(argv[1]), read_summary(argv[2]));
    } catch (const std::exception& error) {
        std::cerr << "trader_summary_check: " << error.what() << '\n';
        return 1;
    }
    if (failures != 0) return 1;
    std::cout << "liquid-trader's summary holds against liquid-demo's (" << argv[3] << ")\n";
    return 0;
}
