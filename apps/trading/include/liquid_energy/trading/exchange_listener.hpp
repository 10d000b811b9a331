#pragma once

#include <string>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/matching_engine.hpp"

namespace liquid_energy::trading {

/// Runs a MatchingEngine in an engine (see orders.hpp for the flow). Takes quotes (trade prints
/// are skipped), ORDER_UPDATE "submit" and "cancel" events, and the SYSTEM end_of_data event,
/// which closes the session: resting orders are cancelled and later orders rejected. Puts the
/// matching engine's reports as ORDER_UPDATE "report" events and its fills as TRADE_UPDATE
/// events, in its order.
///
/// Lockstep (see lockstep.hpp): after a SYSTEM lockstep event it holds its answers until a
/// SYSTEM tick_done or end_of_data. Either is acknowledged, once the answers are out, with a
/// SYSTEM tick_done of its own source (tick_done events of its own source are ignored), so a
/// peer across a connection knows when it has everything.
///
/// Bad input is answered, never thrown: a submit that is not an order (a missing field, a
/// price that is not a number) gets a rejected report naming the reason, with what could be
/// read of its id; a bad quote (see `tick_problem`) or an unreadable cancel gets an ERROR event
/// {"component", "reason": "invalid_quote" or "invalid_cancel", "error_message"} of its source.
class ExchangeListener : public core::EventListener {
  public:
    explicit ExchangeListener(core::EventEngine& engine, std::string name = "exchange",
                              ExchangeLimits limits = {});

    void handle_event(const core::Event& event) override;
    bool accepts(const core::Event& event) const override;

  private:
    void on_quote(const core::Event& event);
    void on_order(const core::Event& event);
    void on_system(const boost::json::object& data);
    void refuse(std::string_view reason, std::string_view message);
    void publish(MatchingEngine::Messages messages);
    void release();

    core::EventEngine& engine_;
    MatchingEngine matching_;
    bool holding_ = false;
    MatchingEngine::Messages held_;
};

}  // namespace liquid_energy::trading
