#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace liquid_bench {

/// What the command line asked for.
struct Options {
    std::uint64_t events = 2'000'000;
    std::uint64_t latency_events = 200'000;
    double rate = 100'000;
    std::size_t threads = 2;
    unsigned repeat = 1;
    bool warmup = true;
    bool anchor_lines = false;
    bool run_w1 = true;
    bool run_w2 = true;
    std::vector<std::size_t> listeners{1, 4};
    /// Names of the implementations to measure, in the bench's order; all by default.
    std::vector<std::string> only;
    bool scaling = false;
    bool isolation = false;
    std::uint64_t rss_run = 0;
    std::size_t rss_listeners = 4;
    /// --idle-cpu: how long the idle engine is watched; zero when not asked.
    std::chrono::seconds idle_cpu{0};
    /// liquid_energy's EngineOptions::dispatcher_spin; unset keeps the engine's default.
    std::optional<std::chrono::microseconds> dispatcher_spin;
    /// --nats: the broker's URLs; then liquid_energy.nats alone is measured, K = 1.
    std::vector<std::string> nats;
};

/// Parses the command line. Returns the options to run with, or the process exit status when
/// there is nothing to run: 0 after printing --help to stdout, 2 after printing a one-line error
/// to stderr.
struct ParsedOptions {
    std::optional<Options> options;
    int exit_status = 0;
};
ParsedOptions parse_options(int argc, char** argv);

}  // namespace liquid_bench
