#include "liquid_energy/trading/csv_tick_parser.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>

namespace liquid_energy::trading {
namespace {

using wire::LineError;

constexpr std::size_t field_count = 9;
constexpr std::array<std::string_view, field_count> field_names = {
    "timestamp_ns", "symbol", "kind", "bid", "bid_size", "ask", "ask_size", "price", "size"};
enum Field : std::size_t { TIMESTAMP, SYMBOL, KIND, BID, BID_SIZE, ASK, ASK_SIZE, PRICE, SIZE };
using Fields = std::array<std::string_view, field_count>;

// Longest quote of a field in a message.
constexpr std::size_t quoted_field_length = 64;

// Thrown only inside this file, to carry the first problem out of the field readers.
struct BadLine {
    LineError error;
    std::string message;
};

std::string excerpt(std::string_view text) { return wire::utf8_excerpt(text, quoted_field_length); }

std::string quoted(std::string_view text) { return "'" + excerpt(text) + "'"; }

std::string named(Field field) { return std::string(field_names[field]); }

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
        throw BadLine{LineError::malformed, "expected " + std::to_string(field_count) +
                                                " fields, found " + std::to_string(count)};
    }
    return fields;
}

/// The whole field read by std::from_chars, or nothing.
template <typename Number>
std::optional<Number> read_number(std::string_view text) {
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

void require_positive(const Fields& fields, Field field, bool positive) {
    if (!positive) {
        throw BadLine{LineError::invalid_value,
                      named(field) + " is not positive: " + quoted(fields[field])};
    }
}

double positive_number(const Fields& fields, Field field) {
    const auto value = read_number<double>(fields[field]);
    if (!value || !std::isfinite(*value)) {
        throw BadLine{LineError::wrong_type,
                      named(field) + " is not a number: " + quoted(fields[field])};
    }
    require_positive(fields, field, *value > 0);
    return *value;
}

std::int64_t timestamp(const Fields& fields) {
    const auto value = read_number<std::int64_t>(fields[TIMESTAMP]);
    if (!value) {
        throw BadLine{LineError::wrong_type,
                      "timestamp_ns is not an integer: " + quoted(fields[TIMESTAMP])};
    }
    require_positive(fields, TIMESTAMP, *value > 0);
    return *value;
}

std::string symbol(const Fields& fields) {
    const std::string_view text = fields[SYMBOL];
    if (text.empty()) throw BadLine{LineError::invalid_value, "the symbol is empty"};
    // Printable ASCII only, so that a tick stays valid UTF-8 and one word in logs and reports.
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c <= '~'; })) {
        throw BadLine{LineError::invalid_value,
                      "the symbol is not printable ASCII: " + quoted(text)};
    }
    return std::string(text);
}

void require_empty(const Fields& fields, Field first, Field last, std::string_view kind) {
    for (std::size_t field = first; field <= last; ++field) {
        if (!fields[field].empty()) {
            throw BadLine{LineError::malformed,
                          "a " + std::string(kind) + " has no " + named(static_cast<Field>(field))};
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
        throw BadLine{LineError::invalid_value, "crossed quote: bid " + excerpt(fields[BID]) +
                                                    " >= ask " + excerpt(fields[ASK])};
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
    tick.symbol = symbol(fields);
    if (fields[KIND] == "quote") {
        read_quote(fields, tick);
    } else if (fields[KIND] == "trade") {
        read_trade(fields, tick);
    } else {
        throw BadLine{LineError::wrong_type, "unknown kind " + quoted(fields[KIND])};
    }
    return tick;
}

}  // namespace

TickParseResult parse_tick_line(std::string_view line) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) return {std::nullopt, LineError::malformed, "empty line"};
    try {
        return {read_tick(line), {}, {}};
    } catch (BadLine& bad) {
        return {std::nullopt, bad.error, std::move(bad.message)};
    }
}

}  // namespace liquid_energy::trading
