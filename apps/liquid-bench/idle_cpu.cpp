#include "idle_cpu.hpp"

#include <chrono>
#include <memory>
#include <ostream>
#include <thread>

#include <sys/resource.h>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"

namespace liquid_bench {
namespace {

using namespace liquid_energy::core;

class IdleListener : public EventListener {
  public:
    IdleListener() : EventListener("idle", {EventType::MARKET_DATA}) {}
    void handle_event(const Event&) override {}
};

/// User and system CPU time of the whole process so far.
std::chrono::microseconds process_cpu_time() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto micros = [](const timeval& time) {
        return std::chrono::seconds(time.tv_sec) + std::chrono::microseconds(time.tv_usec);
    };
    return micros(usage.ru_utime) + micros(usage.ru_stime);
}

}  // namespace

bool run_idle_cpu(std::ostream& out, const Options& options) {
    EngineOptions engine_options{.threads = options.threads};
    if (options.dispatcher_spin) engine_options.dispatcher_spin = *options.dispatcher_spin;
    EventEngine engine(engine_options);
    engine.register_listener(std::make_shared<IdleListener>());
    engine.start();
    const auto cpu_before = process_cpu_time();
    const auto wall_before = std::chrono::steady_clock::now();
    // The interval measured, not a wait for anything.
    std::this_thread::sleep_for(options.idle_cpu);
    const auto cpu = process_cpu_time() - cpu_before;
    const auto wall = std::chrono::steady_clock::now() - wall_before;
    engine.stop();
    const double core_percent =
        100.0 * std::chrono::duration<double>(cpu) / std::chrono::duration<double>(wall);
    const bool ok = core_percent < 1.0;
    out << "impl=liquid_energy idle_cpu threads=" << options.threads
        << " seconds=" << std::chrono::duration<double>(wall).count()
        << " cpu_ms=" << std::chrono::duration<double, std::milli>(cpu).count()
        << " core_percent=" << core_percent << " ok=" << (ok ? "true" : "false") << std::endl;
    return ok;
}

}  // namespace liquid_bench
