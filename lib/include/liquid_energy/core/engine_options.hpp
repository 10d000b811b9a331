#pragma once

#include <chrono>
#include <cstddef>

namespace liquid_energy::core {

/// How an EventEngine is set up.
struct EngineOptions {
    /// Worker threads of an engine that owns its io_context; ignored on a caller's executor.
    /// Zero means one per hardware thread.
    std::size_t threads = 0;
    /// When positive, a running engine publishes a SYSTEM event `{"heartbeat": true, "tick": n}`
    /// every interval (the timer event vn.py users know). Zero switches it off.
    std::chrono::steady_clock::duration heartbeat_interval{};
};

}  // namespace liquid_energy::core
