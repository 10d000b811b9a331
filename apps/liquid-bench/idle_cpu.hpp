#pragma once

#include <iosfwd>

#include "options.hpp"

namespace liquid_bench {

/// --idle-cpu: a started liquid_energy engine with --threads threads and one listener, given no
/// event for the seconds asked; prints the process's CPU time over them as a share of one core.
/// Returns whether the share stayed under 1%.
bool run_idle_cpu(std::ostream& out, const Options& options);

}  // namespace liquid_bench
