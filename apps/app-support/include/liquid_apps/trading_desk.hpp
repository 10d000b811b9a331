#pragma once

#include <chrono>
#include <memory>

#include <boost/log/trivial.hpp>

#include "liquid_apps/summary.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/trading/blotter_listener.hpp"
#include "liquid_energy/trading/memory_monitor.hpp"
#include "liquid_energy/trading/position_listener.hpp"

namespace liquid_apps {

/// The listeners of a session kept for their results.
struct TradingDesk {
    std::shared_ptr<liquid_energy::trading::BlotterListener> blotter;
    std::shared_ptr<liquid_energy::trading::PositionListener> positions;
};

enum class WithExchange { NO, YES };

/// Registers the samples' trading side: blotter, positions, the simulated exchange when asked,
/// risk, a fast strategy trading at market and a slow one resting limits, and an event logger for
/// `log_level`. Always in this order, so that a one-thread lockstep run schedules the same way in
/// every program.
TradingDesk register_trading_desk(liquid_energy::core::EventEngine& engine,
                                  boost::log::trivial::severity_level log_level,
                                  WithExchange exchange);

/// A session's engine from start to stop, with a memory monitor: what the desk and the engine
/// saw, and how long and how large the session was.
class DeskRun {
  public:
    DeskRun(liquid_energy::core::EventEngine& engine, TradingDesk desk);

    /// Starts the engine and the monitor, and the clock.
    void start();

    /// Stops the monitor, then the engine, which drains: every event accepted so far, and all
    /// they cause, is handled before it returns. Then reports the desk's counts and positions,
    /// the engine's statistics, the wall time and the peak memory; the caller fills in the rest.
    /// Not from a thread that runs the engine.
    SessionReport stop();

  private:
    liquid_energy::core::EventEngine& engine_;
    TradingDesk desk_;
    liquid_energy::trading::MemoryMonitor monitor_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace liquid_apps
