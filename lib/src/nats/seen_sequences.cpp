#include "seen_sequences.hpp"

#include <algorithm>

namespace liquid_energy::nats::detail {

bool SeenSequences::insert(std::uint64_t sequence) {
    if (!set_.insert(sequence).second) return false;
    order_.push_back(sequence);
    if (order_.size() > capacity_) {
        set_.erase(order_.front());
        order_.pop_front();
    }
    return true;
}

void SeenSequences::erase(std::uint64_t sequence) {
    if (set_.erase(sequence) == 0) return;
    order_.erase(std::find(order_.begin(), order_.end(), sequence));
}

}  // namespace liquid_energy::nats::detail
