#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/put_status.hpp"
#include "recording_listener.hpp"

namespace liquid_energy::test {

/// What one producer thread put: every status in call order, and the sequence numbers the engine
/// accepted. Owned by that thread while it runs; read once it has been joined.
struct PutLog {
    std::int64_t producer = 0;
    std::vector<core::PutStatus> statuses;
    std::vector<std::int64_t> accepted;

    /// Puts `{"producer": producer, "seq": seq}` and records the outcome.
    core::PutStatus put(core::EventEngine& engine, core::EventType type, std::int64_t seq) {
        const auto status = engine.put_with_status(
            core::Event(type, {{"producer", producer}, {"seq", seq}}, "fault-test"));
        statuses.push_back(status);
        if (status == core::PutStatus::accepted) accepted.push_back(seq);
        return status;
    }

    std::size_t count(core::PutStatus status) const {
        std::size_t n = 0;
        for (const auto s : statuses) n += s == status ? 1 : 0;
        return n;
    }
};

/// The "seq" of the events of each producer, in the order a listener handled them.
inline std::map<std::int64_t, std::vector<std::int64_t>> seqs_by_producer(
    const std::vector<core::Event>& events) {
    std::map<std::int64_t, std::vector<std::int64_t>> seqs;
    for (const auto& event : events) {
        seqs[field(event, "producer")].push_back(field(event, "seq"));
    }
    return seqs;
}

/// Whether a listener handled exactly what each producer got accepted, in put order.
inline bool saw_exactly_the_accepted(const RecordingListener& listener,
                                     const std::vector<PutLog>& logs) {
    auto seen = seqs_by_producer(listener.events());
    for (const auto& log : logs) {
        if (seen[log.producer] != log.accepted) return false;
        seen.erase(log.producer);
    }
    return seen.empty();
}

}  // namespace liquid_energy::test
