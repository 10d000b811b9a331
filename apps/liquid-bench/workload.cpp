#include "workload.hpp"

#include <algorithm>
#include <cmath>

#include "alloc_counter.hpp"

namespace liquid_bench {

Board::Board(const Scenario& scenario, bool record_latency)
    : events_(scenario.events),
      record_latency_(record_latency),
      tallies_(scenario.listeners),
      // Generous: a run that needs it has lost events, and its figures are not used anyway.
      deadline_(std::chrono::seconds(10) +
                std::chrono::microseconds(20) * static_cast<std::int64_t>(scenario.events)),
      running_(scenario.listeners) {
    for (std::size_t i = 0; i < tallies_.size(); ++i) {
        if (record_latency) tallies_[i].latencies.assign(events_, 0);
        if (scenario.progress != nullptr) tallies_[i].progress = &scenario.progress->handled[i];
    }
}

void Board::begin() noexcept {
    allocations_at_start_ = allocation_count();
    start_ = Clock::now();
}

void Board::finish(Tally& tally) noexcept {
    tally.finished = Clock::now();
    if (running_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard lock(mutex_);
        done_ = true;
        all_finished_.notify_all();
    }
}

bool Board::wait() {
    {
        std::unique_lock lock(mutex_);
        finished_in_time_ = all_finished_.wait_for(lock, deadline_, [this] { return done_; });
    }
    allocations_ = allocation_count() - allocations_at_start_;
    return finished_in_time_;
}

bool Board::all_received_in_order() const {
    if (!finished_in_time_) return false;
    double expected = 0;
    for (std::int64_t seq = 0; seq < static_cast<std::int64_t>(events_); ++seq) {
        expected += price_of(seq) * volume_of(seq);
    }
    return std::all_of(tallies_.begin(), tallies_.end(), [&](const Tally& tally) {
        return tally.received == events_ && tally.in_order &&
               std::abs(tally.sum - expected) <= 1e-9 * std::abs(expected);
    });
}

W1Result Board::w1_result(bool all_put) const {
    W1Result result;
    result.allocations = allocations_;
    result.ok = all_put && all_received_in_order();
    Clock::time_point end = start_;
    for (const auto& tally : tallies_) end = std::max(end, tally.finished);
    result.seconds = std::chrono::duration<double>(end - start_).count();
    return result;
}

W2Result Board::w2_result(bool all_put, double achieved_rate) const {
    W2Result result;
    result.achieved_rate = achieved_rate;
    result.ok = all_put && all_received_in_order();
    if (tallies_.empty() || tallies_.front().latencies.empty()) return result;
    auto sorted = tallies_.front().latencies;
    std::sort(sorted.begin(), sorted.end());
    result.p50_ns = percentile(sorted, 500);
    result.p99_ns = percentile(sorted, 990);
    result.p999_ns = percentile(sorted, 999);
    result.max_ns = sorted.back();
    return result;
}

std::int64_t percentile(const std::vector<std::int64_t>& sorted, std::uint64_t per_mille) {
    const std::uint64_t count = sorted.size();
    const std::uint64_t rank =
        std::clamp<std::uint64_t>((per_mille * count + 999) / 1000, 1, count);
    return sorted[rank - 1];
}

}  // namespace liquid_bench
