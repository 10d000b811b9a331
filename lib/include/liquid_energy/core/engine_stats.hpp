#pragma once

#include <cstdint>

#include "liquid_energy/core/rejection_counts.hpp"

namespace liquid_energy::core {

/// Counters of an EventEngine since it was made. Each is read atomically on its own; the set is
/// consistent when the engine is quiescent (stopped, or idle with no producer running). Then
/// `accepted + rejected` is the number of `put` calls, and the deliveries of accepted events to
/// listeners add up to `handled + failed + filtered + conflated + discarded`.
struct EngineStats {
    /// Events `put()` accepted.
    std::uint64_t accepted = 0;
    /// Events `put()` refused (it returned false); `rejected_by` says why.
    std::uint64_t rejected = 0;
    RejectionCounts rejected_by{};
    /// `handle_event` calls that returned normally.
    std::uint64_t handled = 0;
    /// `handle_event` calls that threw.
    std::uint64_t failed = 0;
    /// Deliveries a listener's `accepts` refused.
    std::uint64_t filtered = 0;
    /// Deliveries replaced by a newer event of the same key (OverflowPolicy::conflate).
    std::uint64_t conflated = 0;
    /// Deliveries dropped because the listener was unregistered while they were queued, and
    /// events held for a start that never came.
    std::uint64_t discarded = 0;
    /// Accepted events not yet routed plus deliveries not yet handled, now and at most so far.
    std::uint64_t backlog = 0;
    std::uint64_t peak_backlog = 0;
    /// Producers waiting in `put` for room (OverflowPolicy::block), now.
    std::uint64_t blocked_producers = 0;
};

}  // namespace liquid_energy::core
