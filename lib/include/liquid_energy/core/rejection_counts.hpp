#pragma once

#include <cstdint>

namespace liquid_energy::core {

/// Events `put` refused, by reason (see PutStatus).
struct RejectionCounts {
    std::uint64_t stopped = 0;
    std::uint64_t backlog_full = 0;
    std::uint64_t timed_out = 0;

    std::uint64_t total() const noexcept { return stopped + backlog_full + timed_out; }
};

}  // namespace liquid_energy::core
