#pragma once

#include <chrono>
#include <future>
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

/// Whether `future` became ready before the deadline: a hang fails the test instead of the run.
template <typename T>
bool ready_in_time(const std::future<T>& future) {
    return future.wait_for(default_deadline) == std::future_status::ready;
}

}  // namespace liquid_energy::test
