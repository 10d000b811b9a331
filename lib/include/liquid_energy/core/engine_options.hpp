#pragma once

#include <cstddef>

namespace liquid_energy::core {

/// How an EventEngine is set up.
struct EngineOptions {
    /// Worker threads of an engine that owns its io_context; ignored on a caller's executor.
    /// Zero means one per hardware thread.
    std::size_t threads = 0;
};

}  // namespace liquid_energy::core
