#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "liquid_energy/core/event_engine.hpp"

namespace liquid_energy::trading {

struct MemoryUsage {
    /// VmRSS.
    std::uint64_t resident_bytes = 0;
    /// VmHWM: the highest resident size since the process started.
    std::uint64_t peak_resident_bytes = 0;
};

/// Reads VmRSS and VmHWM from the text of /proc/<pid>/status; nothing if either is missing.
std::optional<MemoryUsage> parse_memory_usage(std::string_view proc_status);
/// This process's usage; nothing where /proc is not available.
std::optional<MemoryUsage> read_memory_usage();

/// Publishes the process's memory as INFO events
/// `{"kind":"memory","resident_bytes":...,"peak_resident_bytes":...}`, one at start and one
/// every interval, from a timer on a strand of the engine's executor.
class MemoryMonitor {
  public:
    MemoryMonitor(core::EventEngine& engine, std::chrono::milliseconds interval,
                  std::string source = "memory");
    /// Stops, as `stop()`.
    ~MemoryMonitor();

    MemoryMonitor(const MemoryMonitor&) = delete;
    MemoryMonitor& operator=(const MemoryMonitor&) = delete;

    /// Takes the first sample and arms the timer, on the strand. Does nothing if started.
    void start();

    /// Takes a last sample (without publishing it) and cancels the timer: once it returns, the
    /// monitor publishes nothing and holds no work on the executor, so the engine can stop.
    /// Waits for the strand, so it must not be called from a thread that runs the engine's
    /// executor, and the engine must still be running. Does nothing if not started.
    void stop();

    /// The highest VmHWM sampled so far; zero before the first sample. Thread-safe.
    std::uint64_t peak_resident_bytes() const noexcept { return peak_.load(); }

  private:
    void sample(bool publish);
    void arm();

    core::EventEngine& engine_;
    std::chrono::milliseconds interval_;
    std::string source_;
    boost::asio::strand<core::EventEngine::executor_type> strand_;
    boost::asio::steady_timer timer_;
    /// Whether start() was called without a stop(), on the caller's side.
    std::atomic<bool> started_{false};
    /// The same, on the strand: a timer that completed just before the cancel must not re-arm.
    bool running_ = false;
    std::atomic<std::uint64_t> peak_{0};
};

}  // namespace liquid_energy::trading
