#pragma once

#include <chrono>

namespace liquid_energy::core::detail {

/// When a periodic timer that last expired at `previous` is next due: one interval later, or, when
/// that moment has already passed at `now`, the first later multiple of the interval, so that the
/// cadence keeps its phase and missed ticks are skipped rather than fired in a burst.
constexpr std::chrono::steady_clock::time_point next_expiry(
    std::chrono::steady_clock::time_point previous, std::chrono::steady_clock::time_point now,
    std::chrono::steady_clock::duration interval) {
    const auto next = previous + interval;
    if (next >= now) return next;
    return next + ((now - next) / interval + 1) * interval;
}

}  // namespace liquid_energy::core::detail
