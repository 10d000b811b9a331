#include "process_memory.hpp"

#include <malloc.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace liquid_bench {
namespace {

/// The highest VmHWM seen before a reset.
std::uint64_t peak_before_resets = 0;

std::optional<std::uint64_t> status_kib(std::string_view field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.size() > field.size() && line.compare(0, field.size(), field) == 0 &&
            line[field.size()] == ':') {
            std::istringstream value(line.substr(field.size() + 1));
            std::uint64_t kib = 0;
            if (value >> kib) return kib;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> resident_kib() { return status_kib("VmRSS"); }

std::optional<std::uint64_t> peak_resident_kib() { return status_kib("VmHWM"); }

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
