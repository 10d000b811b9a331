#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>

#include "liquid_energy/core/event.hpp"

namespace liquid_energy::trading {

enum class TickKind { QUOTE, TRADE };

/// One market-data record: a top-of-book quote or a trade print. The typed payload of a
/// MARKET_DATA event (`Event(MARKET_DATA, tick)`, `event.get<MarketTick>()`); its JSON view, and
/// the wire, is `{"timestamp_ns","symbol","kind":"quote","bid","bid_size","ask","ask_size"}` or
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

/// Whether a MARKET_DATA event says it is a quote. One whose payload is not a sound tick still
/// counts by its "kind", so that its reader can report what is wrong with it.
bool is_quote(const core::Event& event);

// Boost.JSON conversions, found by argument-dependent lookup: what makes a MarketTick an event
// payload. A quote carries only the quote fields and a trade only the trade fields, so they are
// written by hand rather than described. Reading throws std::invalid_argument naming the field.
void tag_invoke(boost::json::value_from_tag, boost::json::value& json, const MarketTick& tick);
MarketTick tag_invoke(boost::json::value_to_tag<MarketTick>, const boost::json::value& json);

}  // namespace liquid_energy::trading
