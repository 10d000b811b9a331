#include "liquid_energy/trading/csv_tick_parser.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>

namespace liquid_energy::trading {
namespace {

constexpr std::size_t field_count = 9;
constexpr std::array<std::string_view, field_count> field_names = {
    "timestamp_ns", "symbol", "kind", "bid", "bid_size", "ask", "ask_size", "price", "size"};
enum Field : std::size_t { TIMESTAMP, SYMBOL, KIND, BID, BID_SIZE, ASK, ASK_SIZE, PRICE, SIZE };
using Fields = std::array<std::string_view, field_count>;

// Thrown only inside this file, to carry the first problem out of the field readers.
struct BadLine {
    std::string reason;
};

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

Fields split(std::string_view line) {
    Fields fields;
    std::size_t count = 0;
    while (true) {
        const std::size_t comma = line.find(',');
        if (count < field_count) fields[count] = line.substr(0, comma);
        ++count;
        if (comma == std::string_view::npos) break;
        line.remove_prefix(comma + 1);
    }
    if (count != field_count) {
        throw BadLine{"expected " + std::to_string(field_count) + " fields, found " +
                      std::to_string(count)};
    }
    return fields;
}

double positive_number(const Fields& fields, Field field) {
    const std::string_view text = fields[field];
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        throw BadLine{std::string(field_names[field]) + " is not a number: " + quoted(text)};
    }
    if (value <= 0) {
        throw BadLine{std::string(field_names[field]) + " is not positive: " + quoted(text)};
    }
    return value;
}

std::int64_t timestamp(const Fields& fields) {
    const std::string_view text = fields[TIMESTAMP];
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
        throw BadLine{"timestamp_ns is not a positive integer: " + quoted(text)};
    }
    return value;
}

void require_empty(const Fields& fields, Field first, Field last, std::string_view kind) {
    for (std::size_t field = first; field <= last; ++field) {
        if (!fields[field].empty()) {
            throw BadLine{"a " + std::string(kind) + " has no " + std::string(field_names[field])};
        }
    }
}

void read_quote(const Fields& fields, MarketTick& tick) {
    require_empty(fields, PRICE, SIZE, "quote");
    tick.kind = TickKind::QUOTE;
    tick.bid = positive_number(fields, BID);
    tick.bid_size = positive_number(fields, BID_SIZE);
    tick.ask = positive_number(fields, ASK);
    tick.ask_size = positive_number(fields, ASK_SIZE);
    if (tick.bid >= tick.ask) {
        throw BadLine{"crossed quote: bid " + std::string(fields[BID]) + " >= ask " +
                      std::string(fields[ASK])};
    }
}

void read_trade(const Fields& fields, MarketTick& tick) {
    require_empty(fields, BID, ASK_SIZE, "trade");
    tick.kind = TickKind::TRADE;
    tick.price = positive_number(fields, PRICE);
    tick.size = positive_number(fields, SIZE);
}

MarketTick read_tick(std::string_view line) {
    const Fields fields = split(line);
    MarketTick tick;
    tick.timestamp_ns = timestamp(fields);
    if (fields[SYMBOL].empty()) throw BadLine{"the symbol is empty"};
    tick.symbol = fields[SYMBOL];
    if (fields[KIND] == "quote") {
        read_quote(fields, tick);
    } else if (fields[KIND] == "trade") {
        read_trade(fields, tick);
    } else {
        throw BadLine{"unknown kind " + quoted(fields[KIND])};
    }
    return tick;
}

}  // namespace

TickParseResult parse_tick_line(std::string_view line) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) return {std::nullopt, "empty line"};
    try {
        return {read_tick(line), {}};
    } catch (BadLine& bad) {
        return {std::nullopt, std::move(bad.reason)};
    }
}

}  // namespace liquid_energy::trading
