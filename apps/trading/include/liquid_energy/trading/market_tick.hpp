#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace liquid_energy::trading {

enum class TickKind { QUOTE, TRADE };

/// One market-data record: a top-of-book quote or a trade print. The payload of a MARKET_DATA
/// event, as `{"timestamp_ns","symbol","kind":"quote","bid","bid_size","ask","ask_size"}` or
/// `{"timestamp_ns","symbol","kind":"trade","price","size"}`.
struct MarketTick {
    /// Exchange time of the record, nanoseconds since the Unix epoch.
    std::int64_t timestamp_ns = 0;
    std::string symbol;
    TickKind kind = TickKind::QUOTE;
    /// Quote fields; zero on a trade.
    double bid = 0;
    double bid_size = 0;
    double ask = 0;
    double ask_size = 0;
    /// Trade fields; zero on a quote.
    double price = 0;
    double size = 0;

    /// Halves first: the sum of two large finite prices would overflow to infinity.
    double mid() const noexcept { return bid / 2 + ask / 2; }
};

std::string_view to_string(TickKind kind) noexcept;

/// Why `tick` means nothing, or empty if it is sound: an empty symbol, a price or size that is
/// not positive and finite, or a quote's bid not below its ask.
std::string tick_problem(const MarketTick& tick);

boost::json::object to_json(const MarketTick& tick);
/// Throws std::invalid_argument (naming the field) when `data` is not a market tick.
MarketTick market_tick_from_json(const boost::json::object& data);

}  // namespace liquid_energy::trading
