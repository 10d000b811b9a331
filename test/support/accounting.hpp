#pragma once

#include <optional>
#include <string_view>

#include <boost/test/unit_test.hpp>

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

/// Checks, at a quiescent point, that every event the engine took is accounted for, in total and
/// for every registered listener.
inline void check_balanced(const core::EventEngine& engine) {
    const auto engine_stats = engine.stats();
    BOOST_TEST(engine_stats.backlog == 0U);
    BOOST_TEST(engine_stats.rejected == engine_stats.rejected_by.total());
    for (const auto& listener : engine.listener_stats()) {
        BOOST_TEST_CONTEXT("listener " << listener.name) {
            BOOST_TEST(listener.backlog == 0U);
            BOOST_TEST(listener.delivered == listener.handled + listener.failed +
                                                 listener.filtered + listener.conflated +
                                                 listener.discarded);
            BOOST_TEST(listener.rejected == listener.rejected_by.total());
        }
    }
}

}  // namespace liquid_energy::test
