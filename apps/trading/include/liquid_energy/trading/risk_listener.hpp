#pragma once

#include <string>
#include <string_view>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/risk_check.hpp"

namespace liquid_energy::trading {

/// The "kind" of the STRATEGY_UPDATE a risk rejection publishes.
inline constexpr std::string_view risk_rejection_kind = "risk_rejection";

/// Runs a RiskCheck between the strategies and the exchange (see orders.hpp for the flow).
///
/// An ORDER_UPDATE "create" that passes is put again as "submit", for the exchange. One over a
/// limit is answered with a "rejected" report, after a STRATEGY_UPDATE
/// `{"kind":"risk_rejection","order_id","account","symbol","reason"}`; a malformed one likewise,
/// after an ERROR `{"component","error_message","order_id"}`. Reports and fills keep its view
/// of positions and working orders current.
class RiskListener : public core::EventListener {
  public:
    RiskListener(core::EventEngine& engine, RiskLimits limits, std::string name = "risk");

    void handle_event(const core::Event& event) override;
    bool accepts(const core::Event& event) const override;

  private:
    void review(const Order& order);

    core::EventEngine& engine_;
    RiskCheck risk_;
};

}  // namespace liquid_energy::trading
