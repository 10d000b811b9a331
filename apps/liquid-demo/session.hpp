#pragma once

#include "liquid_apps/summary.hpp"
#include "options.hpp"

namespace liquid_demo {

/// Replays `options.data` through two moving-average strategies, a risk check, the simulated
/// exchange, the position book and the blotter, all in one engine, and returns once the replay
/// has ended and every consequence has been handled. SIGINT or SIGTERM ends the replay early;
/// the session still closes and drains.
liquid_apps::SessionReport run_session(const Options& options);

}  // namespace liquid_demo
