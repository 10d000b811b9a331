#pragma once

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/moving_average_strategy.hpp"

namespace liquid_energy::trading {

/// Runs a MovingAverageStrategy in an engine, named after its account. Takes MARKET_DATA, and
/// the reports and fills of its account; puts its orders as ORDER_UPDATE "create" events and
/// its cancels as "cancel" events (see orders.hpp for the flow).
class StrategyListener : public core::EventListener {
  public:
    StrategyListener(core::EventEngine& engine, StrategyParams params);

    void handle_event(const core::Event& event) override;
    bool accepts(const core::Event& event) const override;

  private:
    core::EventEngine& engine_;
    MovingAverageStrategy strategy_;
};

}  // namespace liquid_energy::trading
