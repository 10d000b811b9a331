#include "mailbox.hpp"

#include <algorithm>
#include <utility>

namespace liquid_energy::core::detail {

std::uint64_t RecordRing::push(EventRecord* record) {
    if (size() == slots_.size()) grow();
    at(tail_) = record;
    return tail_++;
}

std::size_t RecordRing::take(std::span<EventRecord*> out) noexcept {
    const std::size_t count = std::min(out.size(), size());
    for (std::size_t i = 0; i < count; ++i) out[i] = at(head_++);
    return count;
}

void RecordRing::grow() {
    std::vector<EventRecord*> slots(std::max<std::size_t>(64, 2 * slots_.size()));
    const std::uint64_t mask = slots.size() - 1;
    for (std::uint64_t position = head_; position != tail_; ++position) {
        slots[position & mask] = at(position);
    }
    slots_ = std::move(slots);
    mask_ = mask;
}

EventRecord* Mailbox::push_keyed(EventRecord* record, std::string_view key, bool replace) {
    KeyedPosition* slot = nullptr;
    for (auto& latest : latest_) {
        if (latest.position < normal_.head()) {
            if (slot == nullptr) slot = &latest;
        } else if (latest.type == record->type && latest.key == key) {
            latest.key = key;
            if (replace) return std::exchange(normal_.at(latest.position), record);
            latest.position = normal_.push(record);
            return nullptr;
        }
    }
    const KeyedPosition queued{record->type, key, normal_.push(record)};
    if (slot != nullptr) {
        *slot = queued;
    } else {
        latest_.push_back(queued);
    }
    return nullptr;
}

}  // namespace liquid_energy::core::detail
