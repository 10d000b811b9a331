#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "liquid_energy/trading/market_tick.hpp"
#include "liquid_energy/wire/line_error.hpp"

namespace liquid_energy::trading {

/// The header line of a market-data CSV file. A quote leaves `price,size` empty, a trade leaves
/// `bid,bid_size,ask,ask_size` empty.
inline constexpr std::string_view csv_tick_header =
    "timestamp_ns,symbol,kind,bid,bid_size,ask,ask_size,price,size";

/// A tick, or why the line is not one.
struct TickParseResult {
    std::optional<MarketTick> tick;
    /// Why `tick` is empty; meaningless when it is set.
    wire::LineError error = wire::LineError::malformed;
    /// What is wrong, for a person: one short line of valid UTF-8. Empty when `tick` is set.
    std::string message;
};

/// Parses one CSV line (a trailing '\r' is ignored). Whatever the bytes, it throws nothing but
/// std::bad_alloc. Refuses, with a reason:
/// - LineError::malformed: an empty line, a wrong field count, a field the kind does not have;
/// - LineError::wrong_type: a timestamp that is not an integer, a number that is not a finite
///   decimal number, an unknown kind;
/// - LineError::invalid_value: a timestamp or a number that is not positive, a symbol that is
///   empty or not printable ASCII, a crossed quote (bid >= ask).
TickParseResult parse_tick_line(std::string_view line);

}  // namespace liquid_energy::trading
