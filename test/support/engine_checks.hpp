#pragma once

#include <optional>
#include <string_view>

#include <boost/test/unit_test.hpp>

#include "accounting.hpp"
#include "liquid_energy/core/event_engine.hpp"

namespace liquid_energy::test {

/// The stats of the registered listener called `name`.
inline std::optional<core::ListenerStats> stats_of(const core::EventEngine& engine,
                                                   std::string_view name) {
    for (const auto& stats : engine.listener_stats()) {
        if (stats.name == name) return stats;
    }
    return std::nullopt;
}

/// Checks, at a quiescent point of an engine that never unregistered a listener, that every
/// event it took is accounted for, in total and for every listener.
inline void check_balanced(const core::EventEngine& engine) {
    for (const auto& problem :
         accounting_violations(engine.stats(), engine.listener_stats(), std::nullopt, true)) {
        BOOST_ERROR(problem);
    }
}

}  // namespace liquid_energy::test
