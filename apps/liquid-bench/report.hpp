#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "options.hpp"
#include "runner.hpp"

namespace liquid_bench {

/// Medians over a series' runs; `check_ok` only if every run passed.
struct W1Summary {
    double seconds = 0;
    double events_per_s = 0;
    double min_events_per_s = 0;
    double max_events_per_s = 0;
    double allocations_per_event = 0;
    bool check_ok = false;
};

/// Medians over a series' runs; `ok` only if every run passed.
using W2Summary = W2Result;

W1Summary summarise(const W1Series& series);
W2Summary summarise(const W2Series& series);

/// The WORKLOAD.md lines, medians for the figures.
std::string anchor_line(const W1Series& series);
std::string anchor_line(const W2Series& series);

bool all_ok(const std::vector<W1Series>& w1, const std::vector<W2Series>& w2);

/// The terminal report of the anchor workload: figures, the engine's ratios to each baseline,
/// peak memory, then the anchor lines.
void print_report(std::ostream& out, const Options& options, const std::vector<W1Series>& w1,
                  const std::vector<W2Series>& w2);

/// The terminal report of --scaling; series named "<impl>.threads<T>" or "<impl>".
void print_scaling_report(std::ostream& out, const Options& options,
                          const std::vector<W1Series>& w1);

/// The terminal report of --isolation: the engine's W2 latency alone and beside a listener
/// that takes 10 ms per event, and their ratio.
void print_isolation_report(std::ostream& out, const Options& options,
                            const std::vector<W2Series>& w2);

/// "1,234,567".
std::string grouped(double value);

}  // namespace liquid_bench
