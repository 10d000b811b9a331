#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_set>

#include "liquid_energy/nats/bridge_options.hpp"

namespace liquid_energy::nats::detail {

/// The bridge's counters, bumped by the exporter and the importer, read by `Bridge::stats`.
struct Counters {
    std::atomic<std::uint64_t> published{0};
    std::atomic<std::uint64_t> acknowledged{0};
    std::atomic<std::uint64_t> imported{0};
    std::atomic<std::uint64_t> redelivered{0};
    std::atomic<std::uint64_t> duplicates_skipped{0};
    std::atomic<std::uint64_t> pending_acks{0};
    std::atomic<std::uint64_t> refused{0};
    std::atomic<std::uint64_t> foreign{0};

    BridgeStats snapshot() const noexcept;
};

/// The imported events the engine still holds, by the address of their payload, so the exporter
/// can tell them from local ones. An address is marked from the import's put until its ack,
/// after every listener, the exporter included, has handled it; the importer holds the event
/// until then, so that no local event can reuse the address meanwhile.
class ImportMarks {
  public:
    void mark(const void* payload);
    void unmark(const void* payload);
    bool marked(const void* payload) const;

  private:
    mutable std::mutex mutex_;
    std::unordered_multiset<const void*> payloads_;
};

/// What the exporter, the importer and the bridge share, alive as long as any of them.
struct Ledger {
    Counters counters;
    ImportMarks marks;
};

}  // namespace liquid_energy::nats::detail
