#pragma once

#include <chrono>
#include <thread>

namespace liquid_energy::test {

inline constexpr std::chrono::seconds default_deadline{20};

/// Polls `condition` until it holds or the deadline passes; returns its last value. The deadline
/// is generous because sanitizer builds on a shared machine are slow; a passing test never waits
/// for it.
template <typename Condition>
bool wait_until(Condition condition, std::chrono::milliseconds timeout = default_deadline) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) return condition();
        std::this_thread::yield();
    }
    return true;
}

}  // namespace liquid_energy::test
