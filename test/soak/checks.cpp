// What a soak run can check exactly, once the engine has stopped for good:
// - the engine's own invariants (accounting.hpp) and `accepted + rejected` = every put call: the
//   producers' and the reacting listeners' (they log each), the ERROR events the engine put for
//   failed calls (the listeners count their throws) and the timers' ticks (accepted ones reach the
//   INFO auditor; each refused one stops its timer, which the engine logs once);
// - per type, through its auditor (registered before the first put, never unregistered, never
//   conflating): every accepted event exactly once, in put order per source, and every refusal,
//   by reason, as the sources saw it; the engine's totals are the auditors' sums;
// - the engine's handled, failed and filtered are the sums of every listener's own counts, and
//   the error lines it logged are the failed calls;
// - each listener still registered: its counters balance and equal its own counts;
// - each listener, registered or not: per source and type it saw, in order, every accepted event
//   between the first and the last it saw (its filter aside), and for market data, per symbol,
//   newer quotes only; an effect never before its cause; ERROR events only for planned throws;
//   a listener that unregistered itself was never called again.
// What cannot be checked exactly: a listener unregistered while the engine ran goes on being
// delivered events (discarded) until the dispatcher sees the new routing, and `listener_stats()`
// no longer lists it, so its final `delivered`, `conflated` and `discarded` are unknown; hence
// neither its share of the puts nor the engine's `conflated + discarded` can be balanced, only
// bounded. Its snapshot, taken right before unregistering, is at rest (and checked exactly) only
// when the engine was stopped; otherwise its counts can only have grown since.
#include "checks.hpp"

#include <map>
#include <string>

#include "accounting.hpp"

namespace liquid_soak {
namespace {

using Sources = std::map<std::int64_t, const SourceLog*>;
using FinalStats = std::map<std::string, const core::ListenerStats*>;

/// A listener of the run, with its counters if it was still registered at the end.
struct Member {
    const SoakListener& listener;
    const core::ListenerStats* final_stats = nullptr;
    const Registration* registration = nullptr;
};

std::vector<Member> members(const RunRecord& run, const FinalStats& final_stats) {
    const auto find = [&](const SoakListener& listener) -> const core::ListenerStats* {
        const auto found = final_stats.find(listener.name());
        return found == final_stats.end() ? nullptr : found->second;
    };
    std::vector<Member> all;
    for (const auto& auditor : run.auditors) all.push_back({*auditor, find(*auditor)});
    for (const auto& registration : run.registrations) {
        all.push_back({*registration.listener, find(*registration.listener), &registration});
    }
    return all;
}

Sources sources_of(const RunRecord& run) {
    Sources sources;
    for (const auto& producer : run.producers) sources[producer.source] = &producer;
    for (const auto& registration : run.registrations) {
        const auto& effects = registration.listener->effects();
        if (!effects.types.empty()) sources[effects.source] = &effects;
    }
    return sources;
}

const TypeLog* type_log(const Sources& sources, std::int64_t source, core::EventType type) {
    const auto found = sources.find(source);
    if (found == sources.end()) return nullptr;
    const auto of_type = found->second->types.find(type);
    return of_type == found->second->types.end() ? nullptr : &of_type->second;
}

Calls sum_of_calls(const std::vector<Member>& all) {
    Calls sum;
    for (const auto& member : all) {
        const Calls& calls = member.listener.calls();
        sum.handled += calls.handled;
        sum.failed += calls.failed;
        sum.failed_on_error += calls.failed_on_error;
        sum.filtered += calls.filtered;
    }
    return sum;
}

std::string str(std::uint64_t value) { return std::to_string(value); }

void expect_equal(Findings& findings, const std::string& what, std::uint64_t actual,
                  std::uint64_t expected) {
    if (actual != expected) findings.add(what + ": " + str(actual) + ", expected " + str(expected));
}

void expect_refusals(Findings& findings, const std::string& what,
                     const core::RejectionCounts& actual, const core::RejectionCounts& expected) {
    expect_equal(findings, what + " stopped", actual.stopped, expected.stopped);
    expect_equal(findings, what + " backlog_full", actual.backlog_full, expected.backlog_full);
    expect_equal(findings, what + " timed_out", actual.timed_out, expected.timed_out);
}

const core::ListenerStats& auditor_stats(const FinalStats& final_stats, core::EventType type) {
    static const core::ListenerStats missing{.name = "missing"};
    const auto found = final_stats.find("auditor:" + core::to_string(type));
    return found == final_stats.end() ? missing : *found->second;
}

/// Per type, the auditor against the sources' logs; the engine's totals against the auditors'.
void check_types(const RunRecord& run, const FinalStats& final_stats, const Sources& sources,
                 const Calls& calls, Findings& findings) {
    core::RejectionCounts refused_in_all;
    std::uint64_t accepted_in_all = 0;
    for (const core::EventType type : audited_types) {
        const auto& audit = auditor_stats(final_stats, type);
        const std::string name = "auditor of " + core::to_string(type);
        if (audit.name == "missing") findings.add(name + " is not registered at the end");
        accepted_in_all += audit.delivered;
        refused_in_all.stopped += audit.rejected_by.stopped;
        refused_in_all.backlog_full += audit.rejected_by.backlog_full;
        refused_in_all.timed_out += audit.rejected_by.timed_out;
        if (type == core::EventType::ERROR) {
            expect_equal(findings, name + " delivered", audit.delivered,
                         calls.failed - calls.failed_on_error);
            expect_equal(findings, name + " rejected", audit.rejected, 0);
        } else if (type == tick_type) {
            expect_equal(findings, name + " rejected (timers stopped)", audit.rejected,
                         run.log.timer_stops);
            if (run.log.timer_stops > run.activity.timers_started) {
                findings.add("more timers stopped than were started");
            }
        } else {
            std::uint64_t accepted = 0;
            core::RejectionCounts refused;
            for (const auto& [source, log] : sources) {
                const auto found = log->types.find(type);
                if (found == log->types.end()) continue;
                accepted += found->second.accepted();
                refused.stopped += found->second.refused().stopped;
                refused.backlog_full += found->second.refused().backlog_full;
                refused.timed_out += found->second.refused().timed_out;
            }
            expect_equal(findings, name + " delivered", audit.delivered, accepted);
            expect_refusals(findings, name + " rejected_by", audit.rejected_by, refused);
        }
    }
    expect_equal(findings, "engine accepted (the auditors' sum)", run.engine.accepted,
                 accepted_in_all);
    expect_refusals(findings, "engine rejected_by (the auditors' sum)", run.engine.rejected_by,
                    refused_in_all);
}

/// The engine's outcome counters and log lines against the listeners' own counts.
void check_outcomes(const RunRecord& run, const std::vector<Member>& all, const Calls& calls,
                    Findings& findings) {
    findings.add_all(liquid_energy::test::engine_violations(run.engine, put_calls(run)));
    expect_equal(findings, "engine handled", run.engine.handled, calls.handled);
    expect_equal(findings, "engine failed", run.engine.failed, calls.failed);
    expect_equal(findings, "engine filtered", run.engine.filtered, calls.filtered);
    std::uint64_t known_conflated = 0;
    for (const auto& member : all) {
        if (member.final_stats != nullptr) known_conflated += member.final_stats->conflated;
        if (member.registration != nullptr && member.registration->snapshot) {
            known_conflated += member.registration->snapshot->conflated;
        }
    }
    if (run.engine.conflated < known_conflated) {
        findings.add("engine conflated " + str(run.engine.conflated) + " < the listeners' " +
                     str(known_conflated));
    }
    expect_equal(findings, "error lines logged", run.log.errors, calls.failed);
    expect_equal(findings, "warning lines logged", run.log.warnings, 0);
    expect_equal(findings, "other lines logged", run.log.other, 0);
    for (const auto& line : run.log.unexpected) findings.add("logged: " + line);
}

void check_streams(const Member& member, const Sources& sources, const SoakListener* quotes_auditor,
                   Findings& findings) {
    const SoakListener& listener = member.listener;
    const bool filters = listener.traits().filters;
    const bool never_conflated = listener.traits().auditor || (member.final_stats != nullptr &&
                                                               member.final_stats->conflated == 0);
    for (const auto& [key, stream] : listener.streams()) {
        const auto [source, type] = key;
        const std::string what =
            listener.name() + ", " + core::to_string(type) + " of source " + std::to_string(source);
        const TypeLog* log = type_log(sources, source, type);
        if (log == nullptr) {
            findings.add(what + ": an unknown source");
            continue;
        }
        const auto expected = log->accepted_between(stream.first, stream.last, filters);
        if (type == core::EventType::MARKET_DATA && !never_conflated) {
            if (stream.count > expected) findings.add(what + ": more quotes than were accepted");
        } else {
            expect_equal(findings, what + " inversions", stream.inversions, 0);
            expect_equal(findings, what + " (seen between its first and last)", stream.count,
                         expected);
        }
        if (listener.traits().auditor) expect_equal(findings, what, stream.count, log->accepted());
    }
    for (const auto& [timer, ticks] : listener.ticks()) {
        if (listener.traits().auditor && ticks.first != 1) {
            findings.add(listener.name() + ": timer " + std::to_string(timer) + " began at tick " +
                         std::to_string(ticks.first));
        }
    }
    // Conflation keeps the newest quote of a symbol, whichever source put it: one registered to
    // the end sees the last the auditor saw (the routing order is the same for every listener).
    if (member.final_stats == nullptr || filters || quotes_auditor == nullptr) return;
    for (std::size_t symbol = 0; symbol < symbols.size(); ++symbol) {
        const auto& last = listener.last_quotes()[symbol];
        const auto& newest = quotes_auditor->last_quotes()[symbol];
        if (!last || last == newest) continue;
        findings.add(listener.name() + ": the last " + std::string(symbols[symbol]) +
                     " quote it saw is source " + std::to_string(last->first) + "'s seq " +
                     std::to_string(last->second) + ", not the newest routed, source " +
                     std::to_string(newest ? newest->first : -1) + "'s seq " +
                     std::to_string(newest ? newest->second : -1));
    }
}

void check_counters(const Member& member, const FinalStats& final_stats, Findings& findings) {
    const SoakListener& listener = member.listener;
    const Calls& calls = listener.calls();
    findings.add_all(listener.violations());
    if (listener.violation_count() > listener.violations().size()) {
        findings.count += listener.violation_count() - listener.violations().size();
    }
    if (listener.called_after_quit()) findings.add(listener.name() + ": asked after it quit");
    if (listener.quit()) {
        expect_equal(findings, listener.name() + " calls before quitting",
                     calls.handled + calls.failed, listener.traits().quit_after);
        if (member.final_stats != nullptr) findings.add(listener.name() + ": quit but registered");
    }
    const auto same_as_own = [&](const core::ListenerStats& stats, const std::string& what) {
        findings.add_all(liquid_energy::test::listener_violations(stats));
        expect_equal(findings, what + " handled", stats.handled, calls.handled);
        expect_equal(findings, what + " failed", stats.failed, calls.failed);
        expect_equal(findings, what + " filtered", stats.filtered, calls.filtered);
        expect_equal(findings, what + " discarded", stats.discarded, 0);
    };
    if (const auto* stats = member.final_stats) {
        same_as_own(*stats, listener.name());
        std::uint64_t share_bound = 0;
        for (const core::EventType type : listener.traits().types) {
            const auto& audit = auditor_stats(final_stats, type);
            share_bound += audit.delivered + audit.rejected;
        }
        if (stats->delivered + stats->rejected > share_bound) {
            findings.add(listener.name() + ": a share larger than its types' puts");
        }
    }
    if (member.registration == nullptr || !member.registration->snapshot) return;
    const auto& snapshot = *member.registration->snapshot;
    if (member.registration->snapshot_at_rest) {
        same_as_own(snapshot, listener.name() + " (snapshot at rest)");
    } else if (snapshot.handled > calls.handled || snapshot.failed > calls.failed ||
               snapshot.filtered > calls.filtered) {
        findings.add(listener.name() + ": its snapshot counted calls it never had");
    }
}

}  // namespace

void Findings::add(std::string line) {
    ++count;
    constexpr std::size_t kept = 40;
    if (lines.size() < kept) lines.push_back(std::move(line));
}

void Findings::add_all(const std::vector<std::string>& more) {
    for (const auto& line : more) add(line);
}

std::uint64_t put_calls(const RunRecord& run) {
    FinalStats final_stats;
    for (const auto& stats : run.registered) final_stats[stats.name] = &stats;
    std::uint64_t calls = 0;
    for (const auto& [source, log] : sources_of(run)) {
        for (const auto& [type, type_log] : log->types) calls += type_log.calls();
    }
    const Calls sum = sum_of_calls(members(run, final_stats));
    calls += sum.failed - sum.failed_on_error;
    calls += auditor_stats(final_stats, tick_type).delivered + run.log.timer_stops;
    return calls;
}

Findings check(const RunRecord& run) {
    FinalStats final_stats;
    for (const auto& stats : run.registered) final_stats[stats.name] = &stats;
    const auto all = members(run, final_stats);
    const auto sources = sources_of(run);
    const Calls calls = sum_of_calls(all);
    const SoakListener* quotes_auditor = nullptr;
    for (const auto& auditor : run.auditors) {
        if (auditor->traits().types.front() == core::EventType::MARKET_DATA) {
            quotes_auditor = auditor.get();
        }
    }
    Findings findings;
    check_types(run, final_stats, sources, calls, findings);
    check_outcomes(run, all, calls, findings);
    for (const auto& member : all) {
        check_counters(member, final_stats, findings);
        check_streams(member, sources, quotes_auditor, findings);
    }
    return findings;
}

}  // namespace liquid_soak
