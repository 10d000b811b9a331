#pragma once

#include <iosfwd>
#include <string_view>

namespace liquid_energy::core {

/// What became of an event given to `EventEngine::put_with_status`.
enum class PutStatus {
    /// The engine took it; every listener registered for its type will get it (or count it as
    /// conflated or discarded, see ListenerStats).
    accepted,
    /// Refused: the engine is stopping or stopped.
    stopped,
    /// Refused at once: a backlog the event would join is at its limit (OverflowPolicy::reject).
    backlog_full,
    /// Refused after waiting `block_timeout` for room in a backlog (OverflowPolicy::block).
    timed_out,
};

/// "accepted", "stopped", "backlog_full" or "timed_out".
std::string_view to_string(PutStatus status) noexcept;

std::ostream& operator<<(std::ostream& out, PutStatus status);

}  // namespace liquid_energy::core
