#pragma once

#include <cstdint>

namespace liquid_energy::core {

/// Counters of an EventEngine since it was made. Each is read atomically on its own; the set is
/// consistent when the engine is quiescent (stopped, or idle with no producer running).
struct EngineStats {
    /// Events `put()` accepted.
    std::uint64_t accepted = 0;
    /// Events `put()` refused because the engine was stopping or stopped (it returned false).
    std::uint64_t rejected = 0;
    /// `handle_event` calls that returned normally.
    std::uint64_t handled = 0;
    /// `handle_event` calls that threw.
    std::uint64_t failed = 0;
    /// Deliveries a listener's `accepts` refused.
    std::uint64_t filtered = 0;
    /// Deliveries dropped because the listener was unregistered while they were queued, and
    /// events held for a start that never came.
    std::uint64_t discarded = 0;
};

}  // namespace liquid_energy::core
