#pragma once

#include <chrono>
#include <cstdint>

namespace liquid_apps {

/// Lets through at most one log line per interval about a recurring event (a client's bad
/// order, say) and counts every occurrence, so that a client repeating a mistake cannot flood
/// the log and no occurrence goes uncounted. No clock and no I/O: the caller says when.
class LogThrottle {
  public:
    using Clock = std::chrono::steady_clock;

    /// Throws std::invalid_argument when `interval` is not positive.
    explicit LogThrottle(Clock::duration interval);

    /// Counts an occurrence at `now` and returns whether a line about it may be logged: the
    /// first occurrence, then the first one at least `interval` after the last line allowed.
    bool admit(Clock::time_point now);

    /// Occurrences counted but not let through between the last two lines allowed: what the
    /// line just allowed should say it stands for as well.
    std::uint64_t held_back() const noexcept { return held_back_; }
    /// Every occurrence counted.
    std::uint64_t total() const noexcept { return total_; }

  private:
    Clock::duration interval_;
    Clock::time_point last_line_;
    bool logged_ = false;
    std::uint64_t pending_ = 0;
    std::uint64_t held_back_ = 0;
    std::uint64_t total_ = 0;
};

}  // namespace liquid_apps
