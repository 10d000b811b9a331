#include "liquid_energy/trading/risk_listener.hpp"

#include <utility>

namespace liquid_energy::trading {

using core::EventType;

RiskListener::RiskListener(core::EventEngine& engine, RiskLimits limits, std::string name)
    : EventListener(std::move(name), {EventType::ORDER_UPDATE, EventType::TRADE_UPDATE}),
      engine_(engine),
      risk_(limits) {}

bool RiskListener::accepts(const core::Event& event) const {
    if (event.type() != EventType::ORDER_UPDATE) return true;
    const auto action = order_action(event);
    return action == OrderAction::CREATE || action == OrderAction::REPORT;
}

void RiskListener::handle_event(const core::Event& event) {
    if (event.type() == EventType::TRADE_UPDATE) {
        risk_.on_fill(event.get<Fill>());
        return;
    }
    const auto& update = event.get<OrderUpdate>();
    if (update.action == OrderAction::CREATE) {
        review(update.order());
    } else {
        risk_.on_report(update.report());
    }
}

void RiskListener::review(const Order& order) {
    auto decision = risk_.check(order);
    if (decision.verdict == RiskVerdict::ACCEPTED) {
        engine_.put(make_order_event(order, OrderAction::SUBMIT, name()));
        return;
    }
    if (decision.verdict == RiskVerdict::LIMIT_BREACH) {
        engine_.put(core::Event(EventType::STRATEGY_UPDATE,
                                {{"kind", risk_rejection_kind},
                                 {"order_id", order.order_id},
                                 {"account", order.account},
                                 {"symbol", order.symbol},
                                 {"reason", decision.reason}},
                                name()));
    } else {
        engine_.put(
            core::Event(EventType::ERROR,
                        {{"component", name()},
                         {"error_message", "order " + order.order_id + ": " + decision.reason},
                         {"order_id", order.order_id}},
                        name()));
    }
    engine_.put(make_report_event(
        make_execution_report(order, OrderStatus::REJECTED, 0, 0, std::move(decision.reason)),
        name()));
}

}  // namespace liquid_energy::trading
