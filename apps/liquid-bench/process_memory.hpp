#pragma once

#include <cstdint>
#include <optional>

namespace liquid_bench {

/// Resident set size now (VmRSS of /proc/self/status), in KiB.
std::optional<std::uint64_t> resident_kib();

/// Peak resident set size since the last `reset_peak_resident` (VmHWM of /proc/self/status),
/// in KiB.
std::optional<std::uint64_t> peak_resident_kib();

/// Peak resident set size of the whole process so far, across resets, in KiB.
std::optional<std::uint64_t> process_peak_resident_kib();

/// Returns freed heap to the system (malloc_trim) and resets the peak to the current resident
/// size (writes 5 to /proc/self/clear_refs, Linux 4.0+). Returns false if the kernel refused, in
/// which case the peak stays the process-wide one.
bool reset_peak_resident();

}  // namespace liquid_bench
