#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "liquid_energy/trading/market_tick.hpp"

namespace liquid_energy::trading {

/// The header line of a market-data CSV file. A quote leaves `price,size` empty, a trade leaves
/// `bid,bid_size,ask,ask_size` empty.
inline constexpr std::string_view csv_tick_header =
    "timestamp_ns,symbol,kind,bid,bid_size,ask,ask_size,price,size";

/// A tick, or why the line is not one.
struct TickParseResult {
    std::optional<MarketTick> tick;
    /// Empty when `tick` is set.
    std::string error;
};

/// Parses one CSV line (a trailing '\r' is ignored). Refuses, with a one-line reason: a wrong
/// field count, a non-numeric or non-positive number, an empty symbol, an unknown kind, a
/// crossed quote (bid >= ask), and fields that do not belong to the kind.
TickParseResult parse_tick_line(std::string_view line);

}  // namespace liquid_energy::trading
