#include "liquid_energy/trading/blotter_listener.hpp"

#include <utility>

#include "json_fields.hpp"
#include "liquid_energy/trading/risk_listener.hpp"

namespace liquid_energy::trading {

using core::EventType;

BlotterListener::BlotterListener(std::string name)
    : EventListener(std::move(name),
                    {EventType::MARKET_DATA, EventType::ORDER_UPDATE, EventType::TRADE_UPDATE,
                     EventType::STRATEGY_UPDATE, EventType::ERROR, EventType::INFO}) {}

bool BlotterListener::accepts(const core::Event& event) const {
    switch (event.type()) {
        case EventType::ORDER_UPDATE: {
            const auto action = order_action(event);
            return action == OrderAction::CREATE || action == OrderAction::REPORT;
        }
        case EventType::STRATEGY_UPDATE:
            return detail::field_equals(event.data(), "kind", risk_rejection_kind);
        default:
            return true;
    }
}

void BlotterListener::handle_event(const core::Event& event) {
    std::lock_guard lock(mutex_);
    record(event);
}

void BlotterListener::record(const core::Event& event) {
    switch (event.type()) {
        case EventType::MARKET_DATA:
            blotter_.on_tick(is_quote(event) ? TickKind::QUOTE : TickKind::TRADE);
            break;
        case EventType::ORDER_UPDATE: {
            const auto& update = event.get<OrderUpdate>();
            if (update.action == OrderAction::CREATE) {
                blotter_.on_order(update.order());
            } else {
                blotter_.on_report(update.report());
            }
            break;
        }
        case EventType::TRADE_UPDATE:
            blotter_.on_fill(event.get<Fill>());
            break;
        case EventType::STRATEGY_UPDATE:
            blotter_.on_risk_rejection();
            break;
        case EventType::ERROR:
            blotter_.on_error();
            break;
        default:
            blotter_.on_info();
            break;
    }
}

BlotterCounts BlotterListener::counts() const {
    std::lock_guard lock(mutex_);
    return blotter_.counts();
}

}  // namespace liquid_energy::trading
