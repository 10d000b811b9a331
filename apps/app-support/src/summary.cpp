#include "liquid_apps/summary.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "liquid_apps/cli.hpp"

namespace liquid_apps {
namespace {

std::string format(const char* pattern, auto... values) {
    char text[256];
    std::snprintf(text, sizeof text, pattern, values...);
    return text;
}

double events_per_second(const SessionReport& report) {
    const double seconds = report.wall_time.count();
    return seconds > 0 ? static_cast<double>(report.engine.accepted) / seconds : 0;
}

unsigned long long count(std::uint64_t value) { return value; }

void print_counts(std::ostream& out, const SessionReport& report) {
    const auto& c = report.counts;
    out << format("  %-16s %10llu  (%llu quotes, %llu trades; %llu malformed lines)\n", "ticks",
                  count(report.replay.ticks), count(c.quotes), count(c.trades),
                  count(report.replay.errors))
        << format("  %-16s %10llu  (filled %llu, cancelled %llu, rejected %llu, open %llu)\n",
                  "orders", count(c.orders), count(c.filled), count(c.cancelled), count(c.rejected),
                  count(c.open + c.unanswered))
        << format("  %-16s %10llu\n", "fills", count(c.fills))
        << format("  %-16s %10llu\n", "risk rejections", count(c.risk_rejections))
        << format("  %-16s %10llu\n", "errors", count(c.errors))
        << format("  %-16s %10llu  (%.0f per second)\n", "events", count(report.engine.accepted),
                  events_per_second(report))
        << format("  %-16s %10.2f s\n", "wall time", report.wall_time.count())
        << format("  %-16s %10.1f MiB\n", "peak memory",
                  static_cast<double>(report.peak_resident_bytes) / (1024.0 * 1024.0));
}

void print_links(std::ostream& out, const SessionReport& report) {
    for (const auto& link : report.links) {
        out << format("  %-16s %10s  (%llu outages, %llu reconnections",
                      (link.name + " link").c_str(), link.address.c_str(), count(link.outages),
                      count(link.reconnections));
        if (link.orders_cancelled_on_disconnect != 0) {
            out << format(", %llu orders cancelled on disconnect",
                          count(link.orders_cancelled_on_disconnect));
        }
        out << (link.failure.empty() ? ")" : "; gave up: " + link.failure + ")") << '\n';
    }
}

boost::json::array links_json(const SessionReport& report) {
    boost::json::array links;
    for (const auto& link : report.links) {
        links.push_back(boost::json::object{
            {"name", link.name},
            {"address", link.address},
            {"outages", link.outages},
            {"reconnections", link.reconnections},
            {"orders_cancelled_on_disconnect", link.orders_cancelled_on_disconnect},
            {"failure", link.failure},
        });
    }
    return links;
}

void print_positions(std::ostream& out, const SessionReport& report) {
    out << format("  %-10s %12s %12s %12s %12s %12s\n", "symbol", "position", "avg cost",
                  "realised", "unrealised", "mark");
    double realised = 0;
    double unrealised = 0;
    for (const auto& [symbol, position] : report.positions) {
        out << format("  %-10s %12.4f %12.4f %12.2f %12.2f %12.4f\n", symbol.c_str(),
                      position.quantity, position.average_cost, position.realised,
                      position.unrealised(), position.mark);
        realised += position.realised;
        unrealised += position.unrealised();
    }
    out << format("  %-10s %12s %12s %12.2f %12.2f\n", "total", "", "", realised, unrealised);
}

boost::json::object symbols_json(const SessionReport& report) {
    boost::json::object symbols;
    for (const auto& [symbol, position] : report.positions) {
        boost::json::object entry{{"position", position.quantity},
                                  {"average_cost", position.average_cost},
                                  {"realised", position.realised},
                                  {"unrealised", position.unrealised()},
                                  {"mark", position.mark}};
        const auto flow = report.counts.flows.find(symbol);
        if (flow != report.counts.flows.end()) {
            entry["bought"] = flow->second.bought;
            entry["sold"] = flow->second.sold;
            entry["buy_notional"] = flow->second.buy_notional;
            entry["sell_notional"] = flow->second.sell_notional;
        }
        symbols[symbol] = std::move(entry);
    }
    return symbols;
}

}  // namespace

void print_summary(std::ostream& out, std::string_view program, const SessionReport& report) {
    out << program << " summary: " << report.data << (report.interrupted ? " (interrupted)" : "")
        << '\n';
    print_counts(out, report);
    print_links(out, report);
    out << '\n';
    print_positions(out, report);
}

void write_summary_json(const std::filesystem::path& path, const SessionReport& report) {
    const auto& c = report.counts;
    const boost::json::object summary{
        {"data", report.data},
        {"interrupted", report.interrupted},
        {"replay_error", report.replay_error ? report.replay_error.message() : std::string()},
        {"lines", report.replay.lines},
        {"ticks", report.replay.ticks},
        {"malformed_lines", report.replay.errors},
        {"quotes", c.quotes},
        {"trades", c.trades},
        {"orders", c.orders},
        {"filled", c.filled},
        {"cancelled", c.cancelled},
        {"rejected", c.rejected},
        {"open", c.open},
        {"unanswered", c.unanswered},
        {"fills", c.fills},
        {"risk_rejections", c.risk_rejections},
        {"errors", c.errors},
        {"infos", c.infos},
        {"anomalies", c.anomalies},
        {"events", report.engine.accepted},
        {"handler_failures", report.engine.failed},
        {"events_per_second", events_per_second(report)},
        {"wall_seconds", report.wall_time.count()},
        {"peak_resident_bytes", report.peak_resident_bytes},
        {"symbols", symbols_json(report)},
        {"links", links_json(report)},
    };
    std::ofstream file(path, std::ios::trunc);
    file << boost::json::serialize(summary) << '\n';
    if (!file.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::vector<std::string> session_problems(const SessionReport& report) {
    std::vector<std::string> problems;
    const auto& c = report.counts;
    if (report.replay_error && !report.interrupted) {
        problems.push_back("the replay failed: " + report.replay_error.message());
    }
    if (c.unanswered != 0) {
        problems.push_back(std::to_string(c.unanswered) + " orders got no answer");
    }
    if (c.open != 0) {
        problems.push_back(std::to_string(c.open) + " orders still open after the session closed");
    }
    if (c.anomalies != 0) {
        problems.push_back(std::to_string(c.anomalies) +
                           " reports or fills contradict the order flow");
    }
    if (report.engine.failed != 0) {
        problems.push_back(std::to_string(report.engine.failed) + " event handlers threw");
    }
    if (c.quotes + c.trades != report.replay.ticks) {
        problems.push_back("the blotter saw " + std::to_string(c.quotes + c.trades) + " of " +
                           std::to_string(report.replay.ticks) + " ticks");
    }
    for (const auto& link : report.links) {
        if (!link.failure.empty()) {
            problems.push_back("the " + link.name + " link gave up: " + link.failure);
        }
    }
    return problems;
}

int report_session(std::string_view program, const SessionReport& report,
                   const std::optional<std::filesystem::path>& summary_json) {
    print_summary(std::cout, program, report);
    if (summary_json) write_summary_json(*summary_json, report);
    const auto problems = session_problems(report);
    for (const auto& problem : problems) std::cerr << program << ": " << problem << '\n';
    if (!problems.empty()) return exit_failure;
    return report.interrupted ? exit_interrupted : 0;
}

}  // namespace liquid_apps
