#include "process_memory.hpp"

#include <malloc.h>

#include <algorithm>
#include <fstream>

#include "liquid_energy/trading/memory_monitor.hpp"

namespace liquid_bench {
namespace {

/// The highest VmHWM seen before a reset.
std::uint64_t peak_before_resets = 0;

constexpr std::uint64_t bytes_per_kib = 1024;

}  // namespace

std::optional<std::uint64_t> resident_kib() {
    const auto usage = liquid_energy::trading::read_memory_usage();
    if (!usage) return std::nullopt;
    return usage->resident_bytes / bytes_per_kib;
}

std::optional<std::uint64_t> peak_resident_kib() {
    const auto usage = liquid_energy::trading::read_memory_usage();
    if (!usage) return std::nullopt;
    return usage->peak_resident_bytes / bytes_per_kib;
}
std::optional<std::uint64_t> process_peak_resident_kib() {
    const auto peak = peak_resident_kib();
    if (!peak) return std::nullopt;
    return std::max(*peak, peak_before_resets);
}

bool reset_peak_resident() {
    peak_before_resets = process_peak_resident_kib().value_or(0);
    malloc_trim(0);
    std::ofstream clear_refs("/proc/self/clear_refs");
    clear_refs << "5";
    clear_refs.flush();
    return static_cast<bool>(clear_refs);
}

}  // namespace liquid_bench
