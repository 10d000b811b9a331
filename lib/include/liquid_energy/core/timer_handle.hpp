#pragma once

#include <memory>

namespace liquid_energy::core {

namespace detail {
class TimerState;
}

/// A copyable reference to a running EventTimer, for cancelling it from anywhere. It does not keep
/// the timer alive: once the timer has ended, the handle refers to nothing and `cancel()` does
/// nothing.
class TimerHandle {
  public:
    /// Refers to no timer.
    TimerHandle() = default;

    /// Thread-safe and idempotent; never throws. Once it returns, the timer publishes no further
    /// event and releases the engine. A tick being published on another thread is waited for, so
    /// do not call it while holding a lock that `EventEngine::put` may need.
    void cancel() const noexcept;

  private:
    friend class EventTimer;
    explicit TimerHandle(std::weak_ptr<detail::TimerState> state) noexcept;

    std::weak_ptr<detail::TimerState> state_;
};

}  // namespace liquid_energy::core
