#pragma once

#include <iosfwd>

#include "options.hpp"
#include "runner.hpp"

namespace liquid_bench {

/// --rss-run: one long W1 run per selected implementation, with resident memory sampled every
/// second and printed as it is taken. Returns whether every run's check passed.
bool run_rss(std::ostream& out, const Options& options, const Runner& runner);

}  // namespace liquid_bench
