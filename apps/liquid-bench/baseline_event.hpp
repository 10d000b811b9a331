#pragma once

#include <cstdint>
#include <string>

#include "liquid_energy/core/event_type.hpp"

namespace liquid_bench {

/// The baselines' event: the engine's payload fields as a plain struct (a representation the
/// workload leaves to each implementation). The symbol fits std::string's small buffer.
struct BaselineEvent {
    liquid_energy::core::EventType type;
    std::string symbol;
    double price;
    double volume;
    std::int64_t seq;
    /// W2 only; zero in W1.
    std::int64_t put_ns;
};

}  // namespace liquid_bench
