#pragma once

#include <cstddef>

namespace liquid_energy::core {

/// How one listener is registered.
struct ListenerOptions {
    /// Events waiting for this listener at most before the overflow policies of their types
    /// apply (see BacklogPolicy). Zero takes `EngineOptions::listener_backlog`. Producers see the
    /// listener at its limit once the dispatcher has routed what reached it, and events already
    /// accepted are never dropped for it, so a burst may pass the limit by what was accepted but
    /// not yet routed (never by more than the engine-wide limit) and by the batch being handled.
    /// Conflated market data keeps at most one waiting event per key beyond the limit.
    std::size_t max_backlog = 0;
};

}  // namespace liquid_energy::core
