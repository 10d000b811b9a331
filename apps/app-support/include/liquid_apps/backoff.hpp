#pragma once

#include <chrono>
#include <optional>

namespace liquid_apps {

/// How a client link retries its connection: at once, then after waits that double from
/// `initial_delay` up to `max_delay`, and no more than `max_attempts` times in a row.
struct ReconnectPolicy {
    std::chrono::milliseconds initial_delay{100};
    std::chrono::milliseconds max_delay{2000};
    /// Failed connection attempts in a row after which the link gives up.
    unsigned max_attempts = 10;
};

/// The waits between the connection attempts of one outage. No clock and no I/O: the link
/// sleeps on its own timer.
class Backoff {
  public:
    /// Throws std::invalid_argument for no attempts or a delay that is not positive or above
    /// the maximum.
    explicit Backoff(ReconnectPolicy policy);

    /// Counts a failed attempt and returns the wait before the next one; nothing once
    /// `max_attempts` attempts have failed in a row.
    std::optional<std::chrono::milliseconds> next_delay();

    /// Attempts failed since the last success.
    unsigned failures() const noexcept { return failures_; }

    /// A connection was made: the next outage starts over.
    void reset() noexcept { failures_ = 0; }

  private:
    ReconnectPolicy policy_;
    unsigned failures_ = 0;
};

}  // namespace liquid_apps
