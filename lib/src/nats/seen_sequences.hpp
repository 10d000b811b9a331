#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_set>

namespace liquid_energy::nats::detail {

/// The stream sequences of the last `capacity` messages this process put into its engine, so a
/// redelivery of one of them is recognised. Not thread-safe: the importer's strand owns it.
class SeenSequences {
  public:
    explicit SeenSequences(std::size_t capacity) : capacity_(capacity) {}

    /// True if `sequence` was not remembered (it is now); the oldest is forgotten beyond capacity.
    bool insert(std::uint64_t sequence);
    /// Forgets `sequence`, so its redelivery is handled (the engine refused it).
    void erase(std::uint64_t sequence);

  private:
    std::size_t capacity_;
    std::unordered_set<std::uint64_t> set_;
    std::deque<std::uint64_t> order_;
};

}  // namespace liquid_energy::nats::detail
