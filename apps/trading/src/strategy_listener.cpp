#include "liquid_energy/trading/strategy_listener.hpp"

#include <utility>

namespace liquid_energy::trading {

using core::EventType;

StrategyListener::StrategyListener(core::EventEngine& engine, StrategyParams params)
    : EventListener(params.account,
                    {EventType::MARKET_DATA, EventType::ORDER_UPDATE, EventType::TRADE_UPDATE}),
      engine_(engine),
      strategy_(std::move(params)) {}

bool StrategyListener::accepts(const core::Event& event) const {
    switch (event.type()) {
        case EventType::ORDER_UPDATE: {
            const auto* update = event.get_if<OrderUpdate>();
            return update != nullptr && update->action == OrderAction::REPORT &&
                   update->report().account == name();
        }
        case EventType::TRADE_UPDATE: {
            const auto* fill = event.get_if<Fill>();
            return fill != nullptr && fill->account == name();
        }
        default:
            return true;
    }
}

void StrategyListener::handle_event(const core::Event& event) {
    switch (event.type()) {
        case EventType::MARKET_DATA: {
            auto decision = strategy_.on_tick(event.get<MarketTick>());
            for (const auto& cancel : decision.cancels)
                engine_.put(make_cancel_event(cancel, name()));
            if (decision.order) {
                engine_.put(make_order_event(*decision.order, OrderAction::CREATE, name()));
            }
            break;
        }
        case EventType::ORDER_UPDATE:
            strategy_.on_report(event.get<OrderUpdate>().report());
            break;
        default:
            strategy_.on_fill(event.get<Fill>());
            break;
    }
}

}  // namespace liquid_energy::trading
