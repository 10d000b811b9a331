#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "liquid_energy/core/put_status.hpp"

namespace liquid_energy::core::detail {

/// What one batch of a listener did, added to the counters once per batch.
struct BatchTally {
    std::uint64_t handled = 0;
    std::uint64_t failed = 0;
    std::uint64_t filtered = 0;
    std::uint64_t discarded = 0;

    std::uint64_t total() const noexcept { return handled + failed + filtered + discarded; }
};

/// Thread-safe counters of what became of events: refusals by reason and the outcomes of
/// deliveries. The engine keeps one set for its totals, each listener one for its share.
class OutcomeCounters {
  public:
    void count_rejected(PutStatus reason) noexcept {
        rejected_[index_of(reason)].fetch_add(1, std::memory_order_relaxed);
    }

    void add(const BatchTally& tally) noexcept {
        handled_.fetch_add(tally.handled, std::memory_order_relaxed);
        failed_.fetch_add(tally.failed, std::memory_order_relaxed);
        filtered_.fetch_add(tally.filtered, std::memory_order_relaxed);
        discarded_.fetch_add(tally.discarded, std::memory_order_relaxed);
    }

    void add_conflated(std::uint64_t count) noexcept {
        conflated_.fetch_add(count, std::memory_order_relaxed);
    }

    void add_discarded(std::uint64_t count) noexcept {
        discarded_.fetch_add(count, std::memory_order_relaxed);
    }

    /// Fills the fields EngineStats and ListenerStats share.
    template <typename Stats>
    void fill(Stats& stats) const noexcept {
        constexpr auto relaxed = std::memory_order_relaxed;
        stats.rejected_by = {
            .stopped = rejected_[index_of(PutStatus::stopped)].load(relaxed),
            .backlog_full = rejected_[index_of(PutStatus::backlog_full)].load(relaxed),
            .timed_out = rejected_[index_of(PutStatus::timed_out)].load(relaxed)};
        stats.rejected = stats.rejected_by.total();
        stats.handled = handled_.load(relaxed);
        stats.failed = failed_.load(relaxed);
        stats.filtered = filtered_.load(relaxed);
        stats.conflated = conflated_.load(relaxed);
        stats.discarded = discarded_.load(relaxed);
    }

  private:
    static constexpr std::size_t index_of(PutStatus reason) noexcept {
        return static_cast<std::size_t>(reason) - static_cast<std::size_t>(PutStatus::stopped);
    }

    std::array<std::atomic<std::uint64_t>, 3> rejected_{};
    std::atomic<std::uint64_t> handled_{0};
    std::atomic<std::uint64_t> failed_{0};
    std::atomic<std::uint64_t> filtered_{0};
    std::atomic<std::uint64_t> conflated_{0};
    std::atomic<std::uint64_t> discarded_{0};
};

}  // namespace liquid_energy::core::detail
