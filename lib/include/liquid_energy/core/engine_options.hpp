#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <vector>

#include "liquid_energy/core/backlog_policy.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::core {

/// How an EventEngine is set up.
struct EngineOptions {
    /// Worker threads of an engine that owns its io_context; ignored on a caller's executor.
    /// Zero means one per hardware thread.
    std::size_t threads = 0;
    /// When positive, a running engine publishes a SYSTEM event `{"heartbeat": true, "tick": n}`
    /// every interval (the timer event vn.py users know). Zero switches it off.
    std::chrono::steady_clock::duration heartbeat_interval{};

    /// The engine-wide limit: accepted events not yet routed plus deliveries not yet handled.
    /// Beyond it `put` applies the event type's overflow policy. Bounds the engine's memory.
    std::size_t max_backlog = 1 << 16;
    /// The limit of each listener's waiting events, unless ListenerOptions names another.
    std::size_t listener_backlog = 1 << 14;
    /// The overflow policy of the types `policies` does not name.
    BacklogPolicy default_policy{};
    /// Overflow policies by event type. OverflowPolicy::conflate is for MARKET_DATA only.
    std::map<EventType, BacklogPolicy> policies{};

    /// Types whose events overtake waiting events of other types, in the engine and at each
    /// listener (ERROR and SYSTEM are the usual choice). Events of one type keep their order; an
    /// urgent event may reach a listener before a non-urgent event that caused it.
    std::vector<EventType> urgent_types{};

    /// How long the dispatcher keeps polling for new events before it lets its thread sleep: a
    /// burst or a steady feed then costs no thread wake-up, at the price of up to this much CPU
    /// after the last event. Applies only to an engine that owns two threads or more, so that the
    /// spinning never holds up other work; zero switches it off.
    std::chrono::steady_clock::duration dispatcher_spin = std::chrono::microseconds(50);
};

}  // namespace liquid_energy::core
