#pragma once

#include <memory>

#include <boost/log/trivial.hpp>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/trading/blotter_listener.hpp"
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

}  // namespace liquid_apps
