#pragma once

#include <string_view>

#include "liquid_energy/core/event.hpp"

namespace liquid_apps {

// What liquid-feed and its clients say to each other, beyond the JSON-lines wire format. The
// client sends SYSTEM events:
//   {"kind":"subscribe","skip":N}   starts its replay, past the first N ticks (a resumed session);
//   {"kind":"next","count":N}       lets N more ticks out; the credits saturate, never wrap.
// The feed sends, with source "feed", the ticks as MARKET_DATA events, the malformed lines as
// ERROR events and the SYSTEM end_of_data event of the replay. Asking for ticks keeps both sides'
// memory bounded: a feed never sends more than was asked for.

inline constexpr std::string_view feed_source = "feed";
/// The source of liquid-exchange's answers (its ExchangeListener's name).
inline constexpr std::string_view exchange_source = "exchange";
inline constexpr std::string_view subscribe_kind = "subscribe";
inline constexpr std::string_view next_kind = "next";

/// Whether the event's payload has the string `kind` under "kind".
inline bool has_kind(const liquid_energy::core::Event& event, std::string_view kind) {
    const auto* value = event.data().if_contains("kind");
    return value != nullptr && value->is_string() && value->get_string() == kind;
}

}  // namespace liquid_apps
