#pragma once

#include <cstdint>
#include <string>

#include "liquid_energy/core/rejection_counts.hpp"

namespace liquid_energy::core {

/// Counters of one registered listener. Its share of the events put (those of its types, while
/// it was registered) is `delivered + rejected`, and at every moment
/// `delivered == handled + failed + filtered + conflated + discarded + backlog`; so when the
/// engine is quiescent (backlog 0) every event of its share is accounted for.
struct ListenerStats {
    std::string name;
    /// Events routed to the listener (accepted while it was registered).
    std::uint64_t delivered = 0;
    /// Events of its types that `put` refused while it was registered; `rejected_by` says why.
    std::uint64_t rejected = 0;
    RejectionCounts rejected_by{};
    std::uint64_t handled = 0;
    std::uint64_t failed = 0;
    std::uint64_t filtered = 0;
    std::uint64_t conflated = 0;
    std::uint64_t discarded = 0;
    /// Delivered events not yet handled, now and at most so far.
    std::uint64_t backlog = 0;
    std::uint64_t peak_backlog = 0;
    /// The backlog is at the listener's `max_backlog`, so `put` holds back events of its types
    /// under their policy. Set just after the backlog reaches the limit, cleared just after it
    /// falls below.
    bool overloaded = false;
};

}  // namespace liquid_energy::core
