#include "liquid_apps/backoff.hpp"

#include <algorithm>
#include <stdexcept>

namespace liquid_apps {

Backoff::Backoff(ReconnectPolicy policy) : policy_(policy) {
    if (policy_.max_attempts == 0) {
        throw std::invalid_argument("ReconnectPolicy: max_attempts must be at least 1");
    }
    if (policy_.initial_delay.count() <= 0 || policy_.initial_delay > policy_.max_delay) {
        throw std::invalid_argument(
            "ReconnectPolicy: initial_delay must be positive and at most max_delay");
    }
}

std::optional<std::chrono::milliseconds> Backoff::next_delay() {
    ++failures_;
    if (failures_ >= policy_.max_attempts) return std::nullopt;
    auto delay = policy_.initial_delay;
    // Doubling stops at the cap, so the wait never overflows however long the outage.
    for (unsigned doubling = 1; doubling < failures_ && delay < policy_.max_delay; ++doubling) {
        delay *= 2;
    }
    return std::min(delay, policy_.max_delay);
}

}  // namespace liquid_apps
