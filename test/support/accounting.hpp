#pragma once

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/core/listener_stats.hpp"

namespace liquid_energy::test {

/// The accounting invariants of engine_stats.hpp and listener_stats.hpp, checked at a quiescent
/// point (engine stopped, or idle with no producer running). Each function returns what is
/// violated, one readable line each, so that a Boost.Test case and the soak program report alike.

/// One listener: nothing waits, and every delivered event was handled, failed, filtered,
/// conflated or discarded.
inline std::vector<std::string> listener_violations(const core::ListenerStats& stats) {
    std::vector<std::string> problems;
    const auto prefix = "listener '" + stats.name + "': ";
    if (stats.backlog != 0) {
        problems.push_back(prefix + "backlog " + std::to_string(stats.backlog) + " at rest");
    }
    const std::uint64_t outcomes =
        stats.handled + stats.failed + stats.filtered + stats.conflated + stats.discarded;
    if (stats.delivered != outcomes + stats.backlog) {
        std::ostringstream out;
        out << prefix << "delivered " << stats.delivered << " != handled " << stats.handled
            << " + failed " << stats.failed << " + filtered " << stats.filtered << " + conflated "
            << stats.conflated << " + discarded " << stats.discarded << " + backlog "
            << stats.backlog;
        problems.push_back(out.str());
    }
    if (stats.rejected != stats.rejected_by.total()) {
        problems.push_back(prefix + "rejected " + std::to_string(stats.rejected) +
                           " != the sum of rejected_by " +
                           std::to_string(stats.rejected_by.total()));
    }
    return problems;
}

/// The engine: nothing waits, refusals add up by reason and, when the caller counted them (its
/// own puts, its handlers' puts and the ERROR events the engine put for throwing handlers),
/// `accepted + rejected` is the number of put calls.
inline std::vector<std::string> engine_violations(const core::EngineStats& stats,
                                                  std::optional<std::uint64_t> put_calls) {
    std::vector<std::string> problems;
    if (stats.backlog != 0) {
        problems.push_back("engine: backlog " + std::to_string(stats.backlog) + " at rest");
    }
    if (stats.rejected != stats.rejected_by.total()) {
        problems.push_back("engine: rejected " + std::to_string(stats.rejected) +
                           " != the sum of rejected_by " +
                           std::to_string(stats.rejected_by.total()));
    }
    if (put_calls && stats.accepted + stats.rejected != *put_calls) {
        problems.push_back("engine: accepted " + std::to_string(stats.accepted) + " + rejected " +
                           std::to_string(stats.rejected) + " != " + std::to_string(*put_calls) +
                           " put calls");
    }
    return problems;
}

/// When no listener was ever unregistered, the engine's outcomes are the sums of the listeners'
/// (an unregistered listener's last deliveries are counted by the engine only).
inline std::vector<std::string> sum_violations(const core::EngineStats& engine,
                                               const std::vector<core::ListenerStats>& listeners) {
    core::ListenerStats sum;
    for (const auto& stats : listeners) {
        sum.delivered += stats.delivered;
        sum.handled += stats.handled;
        sum.failed += stats.failed;
        sum.filtered += stats.filtered;
        sum.conflated += stats.conflated;
        sum.discarded += stats.discarded;
    }
    std::vector<std::string> problems;
    const auto compare = [&](const char* what, std::uint64_t engine_count,
                             std::uint64_t listener_sum) {
        if (engine_count == listener_sum) return;
        problems.push_back(std::string("engine: ") + what + " " + std::to_string(engine_count) +
                           " != the listeners' " + std::to_string(listener_sum));
    };
    compare("handled", engine.handled, sum.handled);
    compare("failed", engine.failed, sum.failed);
    compare("filtered", engine.filtered, sum.filtered);
    compare("conflated", engine.conflated, sum.conflated);
    compare("discarded", engine.discarded, sum.discarded);
    return problems;
}

/// Every check above that applies; `never_unregistered` says whether `sum_violations` does.
inline std::vector<std::string> accounting_violations(
    const core::EngineStats& engine, const std::vector<core::ListenerStats>& listeners,
    std::optional<std::uint64_t> put_calls, bool never_unregistered) {
    auto problems = engine_violations(engine, put_calls);
    for (const auto& stats : listeners) {
        for (auto& problem : listener_violations(stats)) problems.push_back(std::move(problem));
    }
    if (never_unregistered) {
        for (auto& problem : sum_violations(engine, listeners)) {
            problems.push_back(std::move(problem));
        }
    }
    return problems;
}

}  // namespace liquid_energy::test
