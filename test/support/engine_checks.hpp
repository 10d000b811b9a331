#pragma once

#include <cstdint>
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

/// Fails the test case with one line per broken invariant (see accounting.hpp), checked at a
/// quiescent point: every event the engine took is accounted for, in total and for every
/// listener. `put_calls`, when the caller counted them, must equal accepted + rejected;
/// `never_unregistered` says whether the engine's outcomes must be the sums of the listeners'.
inline void check_balanced(const core::EventEngine& engine,
                           std::optional<std::uint64_t> put_calls = std::nullopt,
                           bool never_unregistered = true) {
    const auto problems = accounting_violations(engine.stats(), engine.listener_stats(), put_calls,
                                                never_unregistered);
    for (const auto& problem : problems) BOOST_ERROR(problem);
    BOOST_TEST(problems.empty());
}

}  // namespace liquid_energy::test
