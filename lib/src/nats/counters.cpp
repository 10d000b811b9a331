#include "counters.hpp"

namespace liquid_energy::nats::detail {

BridgeStats Counters::snapshot() const noexcept {
    return {.published = published.load(),
            .acknowledged = acknowledged.load(),
            .imported = imported.load(),
            .redelivered = redelivered.load(),
            .duplicates_skipped = duplicates_skipped.load(),
            .pending_acks = pending_acks.load(),
            .refused = refused.load(),
            .foreign = foreign.load()};
}

void ImportMarks::mark(const void* payload) {
    std::lock_guard lock(mutex_);
    payloads_.insert(payload);
}

void ImportMarks::unmark(const void* payload) {
    std::lock_guard lock(mutex_);
    const auto found = payloads_.find(payload);
    if (found != payloads_.end()) payloads_.erase(found);
}

bool ImportMarks::marked(const void* payload) const {
    std::lock_guard lock(mutex_);
    return payloads_.contains(payload);
}

}  // namespace liquid_energy::nats::detail
