#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "liquid_energy/core/timer_handle.hpp"

namespace liquid_energy::core {

/// Publishes an event into an engine every `interval`, with a boost::asio::steady_timer on the
/// engine's executor (so it ticks only while something runs that executor).
///
/// Each event carries a copy of `data` with `"tick": n` added (n = 1, 2, ...; an existing "tick"
/// field is overwritten). Ticks do not drift: tick n is due at start + n * interval, however late
/// the previous one ran. Ticks missed because the executor was busy for longer than an interval
/// are skipped, not published in a burst.
///
/// The timer ends at the first tick the engine refuses (`put` returns false: the engine is stopping
/// or stopped), so that it never holds a stopped engine's threads; a restarted engine needs a new
/// timer. Until then it keeps the engine's executor busy: an engine that owns its threads waits in
/// `stop()` for up to one interval unless its timers are cancelled first. Before the engine's first
/// `start()`, ticks are held by the engine like any event put then.
///
/// The engine must outlive the timer: destroy or cancel it before the engine.
class EventTimer {
  public:
    using clock = std::chrono::steady_clock;

    /// Starts ticking; the first tick is one interval from now. Throws std::invalid_argument when
    /// `interval` is not positive.
    EventTimer(EventEngine& engine, clock::duration interval, EventType type,
               boost::json::object data = {}, std::optional<std::string> source = std::nullopt);

    /// Cancels the timer (see TimerHandle::cancel).
    ~EventTimer();

    EventTimer(const EventTimer&) = delete;
    EventTimer& operator=(const EventTimer&) = delete;

    /// Starts a timer owned by no object: it runs until cancelled through the returned handle or
    /// until the engine refuses a tick. Throws as the constructor.
    static TimerHandle schedule(EventEngine& engine, clock::duration interval, EventType type,
                                boost::json::object data = {},
                                std::optional<std::string> source = std::nullopt);

    /// Thread-safe; see TimerHandle::cancel.
    void cancel() noexcept { handle_.cancel(); }

    /// A handle that can cancel this timer from anywhere.
    TimerHandle handle() const noexcept { return handle_; }

  private:
    TimerHandle handle_;
};

}  // namespace liquid_energy::core
