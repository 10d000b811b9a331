#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "ledger.hpp"
#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/listener_stats.hpp"
#include "liquid_energy/core/timer_handle.hpp"
#include "log_tally.hpp"
#include "soak_listener.hpp"

namespace liquid_soak {

struct Options {
    std::chrono::duration<double> duration{60.0};
    std::uint64_t seed = 0;
    std::size_t producers = 4;
    std::size_t threads = 2;
};

/// One registration of a listener made at random (each listener is registered once).
struct Registration {
    std::shared_ptr<SoakListener> listener;
    /// By the control thread; a quitting listener may also have left by itself.
    bool unregistered = false;
    /// `listener_stats()` lists registered listeners only, so the last snapshot of one is the
    /// one taken right before the control thread unregistered it (none if it had quit).
    std::optional<core::ListenerStats> snapshot;
    /// Whether that snapshot was taken with the engine stopped, hence at rest.
    bool snapshot_at_rest = false;
};

/// What the control thread did.
struct Activity {
    std::uint64_t restarts = 0;
    std::uint64_t registrations = 0;
    std::uint64_t unregistrations = 0;
    std::uint64_t timers_started = 0;
    std::uint64_t timers_cancelled = 0;
};

/// Everything a run leaves for the checks, read once the engine has stopped for good.
struct RunRecord {
    core::EngineStats engine;
    std::vector<core::ListenerStats> registered;
    const std::vector<SourceLog>& producers;
    const std::vector<std::shared_ptr<SoakListener>>& auditors;
    const std::vector<Registration>& registrations;
    Activity activity;
    LogTally::Counts log;
};

/// A soak run: producer threads put at random while the calling thread registers and unregisters
/// listeners, starts and cancels timers and restarts the engine, until the duration has passed.
class Soak {
  public:
    explicit Soak(const Options& options);
    ~Soak();
    Soak(const Soak&) = delete;
    Soak& operator=(const Soak&) = delete;

    /// Runs, then stops everything; `inspect` gets the record while it is valid.
    template <typename Inspect>
    auto run(Inspect&& inspect) {
        run_and_stop();
        return inspect(record());
    }

  private:
    void run_and_stop();
    RunRecord record() const;
    void produce(std::size_t index);
    void control_step();
    void register_random();
    void unregister_random();
    void start_timer();
    void cancel_timer();
    void restart();
    Traits random_traits();
    std::size_t registered_count() const;

    const Options options_;
    // Before the engine, which may log from the moment it exists.
    LogTally log_;
    core::EventEngine engine_;
    std::vector<SourceLog> producers_;
    std::vector<std::shared_ptr<SoakListener>> auditors_;
    std::vector<Registration> registrations_;
    std::vector<core::TimerHandle> timers_;
    std::mt19937_64 random_;
    std::atomic<bool> done_{false};
    std::int64_t next_listener_ = 0;
    std::int64_t next_timer_ = 0;
    Activity activity_;
};

}  // namespace liquid_soak
