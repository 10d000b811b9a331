#pragma once

// The anchor workload of /work/shared/bench/WORKLOAD.md, shared by every implementation the bench
// measures: the event's field values, the listeners' work, and how a run is timed and checked.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liquid_bench {

using Clock = std::chrono::steady_clock;

inline constexpr std::string_view symbol = "ETH-USD";

/// The payload of event `seq`; both vary so that no implementation can fold them away.
inline double price_of(std::int64_t seq) { return 2000.0 + static_cast<double>(seq % 1000) * 0.01; }
inline double volume_of(std::int64_t seq) { return 0.5 + static_cast<double>(seq % 7); }

/// The clock reading put into W2 events, nanoseconds of std::chrono::steady_clock.
inline std::int64_t now_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

/// How far a run has got, for a sampler on another thread: stored (relaxed) every 64Ki events by
/// the producer and by each listener.
struct Progress {
    explicit Progress(std::size_t listeners) : handled(listeners) {}
    std::atomic<std::uint64_t> put{0};
    std::vector<std::atomic<std::uint64_t>> handled;
};

/// What one run measures.
struct Scenario {
    std::uint64_t events = 0;
    std::size_t listeners = 1;
    /// Worker threads of the implementation, where it has any to choose.
    std::size_t threads = 2;
    /// W2 only: events put per second.
    double rate = 100'000;
    /// When set, the run reports its progress there.
    Progress* progress = nullptr;
    /// liquid_energy only: how long its dispatcher polls before it sleeps; unset keeps the
    /// engine's default.
    std::optional<std::chrono::microseconds> dispatcher_spin;
    /// liquid_energy.nats only: the broker's URLs.
    std::vector<std::string> nats_servers;
};

struct W1Result {
    double seconds = 0;
    /// Heap allocations by any thread from just before the first put until the last listener
    /// finished.
    std::uint64_t allocations = 0;
    bool ok = false;
};

struct W2Result {
    double achieved_rate = 0;
    std::int64_t p50_ns = 0;
    std::int64_t p99_ns = 0;
    std::int64_t p999_ns = 0;
    std::int64_t max_ns = 0;
    bool ok = false;
};

/// One listener's view of a run. Only that listener writes it while the run lasts; the producer
/// reads it after `Board::wait` has seen every listener finish.
struct alignas(64) Tally {
    std::uint64_t received = 0;
    bool in_order = true;
    double sum = 0;
    Clock::time_point finished{};
    /// W2: one latency per event, sized before the run.
    std::vector<std::int64_t> latencies;
    /// Where to report progress, if anyone asked.
    std::atomic<std::uint64_t>* progress = nullptr;
};

/// The listeners of one run, what they must receive, and the producer's wait for them.
class Board {
  public:
    Board(const Scenario& scenario, bool record_latency);

    Tally& tally(std::size_t listener) { return tallies_[listener]; }

    /// The listener work of the workload: check `seq` against the count so far, add
    /// price * volume to the sum; the N-th event marks the listener finished.
    void observe(Tally& tally, std::int64_t seq, double price, double volume) noexcept {
        if (seq != static_cast<std::int64_t>(tally.received)) tally.in_order = false;
        tally.sum += price * volume;
        if (++tally.received == events_) finish(tally);
        if ((tally.received & 0xFFFF) == 0 && tally.progress != nullptr) {
            tally.progress->store(tally.received, std::memory_order_relaxed);
        }
    }

    /// What every listener does with an event: `observe`, and in W2 also record handle time
    /// minus put time.
    void record(Tally& tally, std::int64_t seq, double price, double volume,
                std::int64_t put_ns) noexcept {
        if (record_latency_ && tally.received < tally.latencies.size()) {
            tally.latencies[tally.received] = now_ns() - put_ns;
        }
        observe(tally, seq, price, volume);
    }

    /// Whether this is W2, whose events carry `put_ns`.
    bool records_latency() const noexcept { return record_latency_; }

    /// Takes the allocation count and the clock: call just before the first put.
    void begin() noexcept;

    /// Waits, on a condition variable, until every listener has handled its N-th event or the
    /// deadline passes. Returns whether all finished.
    bool wait();

    /// W1 figures; call after `wait` and after the implementation has stopped.
    W1Result w1_result(bool all_put) const;
    /// W2 figures; call after `wait` and after the implementation has stopped.
    W2Result w2_result(bool all_put, double achieved_rate) const;

  private:
    void finish(Tally& tally) noexcept;
    bool all_received_in_order() const;

    std::uint64_t events_;
    bool record_latency_;
    std::vector<Tally> tallies_;
    Clock::duration deadline_;

    Clock::time_point start_{};
    std::uint64_t allocations_at_start_ = 0;
    std::uint64_t allocations_ = 0;
    bool finished_in_time_ = false;

    std::atomic<std::size_t> running_;
    std::mutex mutex_;
    std::condition_variable all_finished_;
    bool done_ = false;
};

/// Puts `scenario.events` events at `scenario.rate`: event i at start + i / rate, spinning on the
/// clock. `put(seq, put_ns)` builds and puts one event and returns whether it was accepted.
/// Returns the achieved rate, from the first to the last put stamp.
template <typename Put>
double put_paced(const Scenario& scenario, bool& all_put, Put&& put) {
    const auto interval = std::chrono::duration<double, std::nano>(1e9 / scenario.rate);
    const auto start = Clock::now();
    std::int64_t first_ns = 0;
    std::int64_t last_ns = 0;
    const auto count = static_cast<std::int64_t>(scenario.events);
    for (std::int64_t seq = 0; seq < count; ++seq) {
        const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                     interval * static_cast<double>(seq));
        while (Clock::now() < due) {
        }
        last_ns = now_ns();
        if (seq == 0) first_ns = last_ns;
        if (!put(seq, last_ns)) all_put = false;
    }
    if (count < 2 || last_ns == first_ns) return 0;
    return static_cast<double>(count - 1) * 1e9 / static_cast<double>(last_ns - first_ns);
}

/// Called by W1 producers every event; cheap unless a sampler asked for progress.
inline void note_progress(const Scenario& scenario, std::int64_t seq) noexcept {
    if (scenario.progress != nullptr && (seq & 0xFFFF) == 0) {
        scenario.progress->put.store(static_cast<std::uint64_t>(seq), std::memory_order_relaxed);
    }
}

/// Nearest rank, q = per_mille / 1000: sorted[ceil(q * count) - 1], in integers so that 99.9 % of
/// 200,000 is exactly rank 199,800. `sorted` must not be empty.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, std::uint64_t per_mille);

}  // namespace liquid_bench
