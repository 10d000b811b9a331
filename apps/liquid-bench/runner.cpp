#include "runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "process_memory.hpp"

namespace liquid_bench {

Runner::Runner(const Options& options)
    : options_(options), verbose_(!options.anchor_lines && isatty(STDERR_FILENO) != 0) {
    if (!options.nats.empty()) {
        selected_.push_back(&over_nats());
        return;
    }
    for (const auto& impl : implementations()) {
        const bool wanted =
            options.only.empty() ||
            std::find(options.only.begin(), options.only.end(), impl.name) != options.only.end();
        if (wanted) selected_.push_back(&impl);
    }
}

void Runner::note(const std::string& what) const {
    if (verbose_) std::cerr << "liquid-bench: " << what << '\n';
}

std::vector<W1Series> Runner::w1(const std::vector<const Implementation*>& impls,
                                 std::size_t listeners, std::size_t threads) {
    std::vector<W1Series> series;
    for (const auto* impl : impls) {
        series.push_back({std::string(impl->name), listeners, options_.events, {}, {}});
    }
    const Scenario scenario{.events = options_.events,
                            .listeners = listeners,
                            .threads = threads,
                            .dispatcher_spin = options_.dispatcher_spin,
                            .nats_servers = options_.nats};
    Scenario warmup = scenario;
    warmup.events = std::max<std::uint64_t>(1, scenario.events / 10);

    for (unsigned round = 1; round <= options_.repeat; ++round) {
        for (std::size_t i = 0; i < impls.size(); ++i) {
            note("W1 K=" + std::to_string(listeners) + " " + series[i].impl + " run " +
                 std::to_string(round) + "/" + std::to_string(options_.repeat));
            if (options_.warmup) impls[i]->run_w1(warmup);
            const bool per_run_peak = reset_peak_resident();
            series[i].runs.push_back(impls[i]->run_w1(scenario));
            const auto peak = peak_resident_kib();
            if (per_run_peak && peak) {
                series[i].peak_kib = std::max(series[i].peak_kib.value_or(0), *peak);
            }
        }
    }
    return series;
}

std::vector<W2Series> Runner::w2(const std::vector<const Implementation*>& impls) {
    std::vector<W2Series> series;
    for (const auto* impl : impls) {
        series.push_back({std::string(impl->name), options_.latency_events, options_.rate, {}});
    }
    const Scenario scenario{.events = options_.latency_events,
                            .listeners = 1,
                            .threads = options_.threads,
                            .rate = options_.rate,
                            .dispatcher_spin = options_.dispatcher_spin,
                            .nats_servers = options_.nats};
    Scenario warmup = scenario;
    warmup.events = std::max<std::uint64_t>(1, scenario.events / 10);

    for (unsigned round = 1; round <= options_.repeat; ++round) {
        for (std::size_t i = 0; i < impls.size(); ++i) {
            note("W2 " + series[i].impl + " run " + std::to_string(round) + "/" +
                 std::to_string(options_.repeat));
            if (options_.warmup) impls[i]->run_w2(warmup);
            series[i].runs.push_back(impls[i]->run_w2(scenario));
        }
    }
    return series;
}

}  // namespace liquid_bench
