#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace liquid_energy::core {

/// The kind of an event. An open set: the built-ins below take 1..7 and any other value is a
/// user-defined type (`constexpr EventType ML_PREDICTION{100};`) that needs no library change.
enum class EventType : std::uint32_t {
    MARKET_DATA = 1,
    ORDER_UPDATE = 2,
    TRADE_UPDATE = 3,
    STRATEGY_UPDATE = 4,
    ERROR = 5,
    INFO = 6,
    SYSTEM = 7,
};

/// Every built-in type, in the order of their values: the one list the library reads them from.
inline constexpr std::array builtin_event_types{EventType::MARKET_DATA,  EventType::ORDER_UPDATE,
                                                EventType::TRADE_UPDATE, EventType::STRATEGY_UPDATE,
                                                EventType::ERROR,        EventType::INFO,
                                                EventType::SYSTEM};

/// One past the largest built-in value: a table indexed by type value holds the built-ins in this
/// many entries.
inline constexpr std::size_t builtin_event_type_end =
    static_cast<std::size_t>(builtin_event_types.back()) + 1;

constexpr bool is_builtin(EventType type) noexcept {
    const auto value = static_cast<std::size_t>(type);
    return value >= static_cast<std::size_t>(builtin_event_types.front()) &&
           value < builtin_event_type_end;
}

/// Gives a user-defined type a readable name for `to_string` and logs. Thread-safe.
/// Throws std::invalid_argument for a built-in type or an empty name.
void register_event_type_name(EventType type, std::string_view name);

/// "MARKET_DATA" for a built-in, the registered name for a named user type, else "EventType(100)".
/// Thread-safe.
std::string to_string(EventType type);

std::ostream& operator<<(std::ostream& out, EventType type);

}  // namespace liquid_energy::core
