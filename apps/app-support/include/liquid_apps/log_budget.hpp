#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace liquid_apps {

/// How many lines a log of repeated occurrences (client mistakes, accept errors) may write: at
/// most `burst` per `interval`; the others are counted, not logged. No clock of its own.
class LogBudget {
  public:
    using Clock = std::chrono::steady_clock;

    LogBudget(std::size_t burst, Clock::duration interval) : burst_(burst), interval_(interval) {}

    /// Counts one occurrence at `now`. When it may be logged, returns how many occurrences went
    /// unlogged since the last one logged; otherwise nothing.
    std::optional<std::uint64_t> take(Clock::time_point now);

    /// Occurrences counted, logged or not.
    std::uint64_t total() const noexcept { return total_; }

  private:
    const std::size_t burst_;
    const Clock::duration interval_;
    Clock::time_point window_start_{};
    std::size_t logged_in_window_ = 0;
    std::uint64_t unlogged_ = 0;
    std::uint64_t total_ = 0;
};

}  // namespace liquid_apps
