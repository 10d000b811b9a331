#pragma once

#include <cstddef>

namespace liquid_energy::core {

/// How one listener is registered.
struct ListenerOptions {
    /// Events waiting for this listener at most before the overflow policies of their types
    /// apply (see BacklogPolicy). Zero takes `EngineOptions::listener_backlog`. Events already
    /// accepted are never dropped for it, so the waiting events may pass the limit by what was
    /// accepted but not yet routed.
    std::size_t max_backlog = 0;
};

}  // namespace liquid_energy::core
