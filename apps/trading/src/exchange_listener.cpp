#include "liquid_energy/trading/exchange_listener.hpp"

#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

#include "json_fields.hpp"
#include "liquid_energy/trading/lockstep.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"

namespace liquid_energy::trading {

using core::EventType;

ExchangeListener::ExchangeListener(core::EventEngine& engine, std::string name,
                                   ExchangeLimits limits)
    : EventListener(std::move(name),
                    {EventType::MARKET_DATA, EventType::ORDER_UPDATE, EventType::SYSTEM}),
      engine_(engine),
      matching_(limits) {}

bool ExchangeListener::accepts(const core::Event& event) const {
    // A tick is typed: asking it for its JSON view would build one.
    if (event.type() == EventType::MARKET_DATA) return is_quote(event);
    if (event.type() == EventType::ORDER_UPDATE) {
        const auto action = order_action(event);
        return action == OrderAction::SUBMIT || action == OrderAction::CANCEL;
    }
    const auto& data = event.data();
    return detail::field_equals(data, "kind", end_of_data_kind) ||
           detail::field_equals(data, "kind", lockstep_kind) ||
           (detail::field_equals(data, "kind", tick_done_kind) && event.source() != name());
}

void ExchangeListener::handle_event(const core::Event& event) {
    switch (event.type()) {
        case EventType::MARKET_DATA:
            on_quote(event);
            break;
        case EventType::ORDER_UPDATE:
            on_order(event);
            break;
        default:
            on_system(event.data());
            break;
    }
}

void ExchangeListener::on_quote(const core::Event& event) {
    const MarketTick* quote = nullptr;
    try {
        quote = &event.get<MarketTick>();
    } catch (const std::invalid_argument& error) {
        return refuse("invalid_quote", error.what());
    }
    if (const std::string problem = tick_problem(*quote); !problem.empty()) {
        return refuse("invalid_quote", problem);
    }
    publish(matching_.on_quote(*quote));
}

void ExchangeListener::on_order(const core::Event& event) {
    if (const auto* update = event.get_if<OrderUpdate>()) {
        if (update->action == OrderAction::CANCEL)
            return publish(matching_.cancel(update->cancel()));
        return publish(matching_.submit(update->order()));
    }
    // Only a peer's message can be unreadable; its answer names the field at fault.
    const auto& data = event.data();
    std::string problem = order_update_problem(data);
    if (detail::field_equals(data, "action", to_string(OrderAction::CANCEL))) {
        return refuse("invalid_cancel", problem);
    }
    publish({unreadable_order_report(data, std::move(problem))});
}

void ExchangeListener::refuse(std::string_view reason, std::string_view message) {
    engine_.put(core::Event(EventType::ERROR,
                            {{"component", name()}, {"reason", reason}, {"error_message", message}},
                            name()));
}

void ExchangeListener::on_system(const boost::json::object& data) {
    if (detail::field_equals(data, "kind", lockstep_kind)) {
        holding_ = true;
        return;
    }
    if (detail::field_equals(data, "kind", end_of_data_kind)) {
        publish(matching_.close_session("end of data"));
    }
    release();
    engine_.put(core::Event(EventType::SYSTEM, {{"kind", tick_done_kind}}, name()));
}

void ExchangeListener::publish(MatchingEngine::Messages messages) {
    if (holding_) {
        held_.insert(held_.end(), std::make_move_iterator(messages.begin()),
                     std::make_move_iterator(messages.end()));
        return;
    }
    held_ = std::move(messages);
    release();
}

void ExchangeListener::release() {
    for (const auto& message : held_) {
        if (const auto* fill = std::get_if<Fill>(&message)) {
            engine_.put(make_fill_event(*fill, name()));
        } else {
            engine_.put(make_report_event(std::get<ExecutionReport>(message), name()));
        }
    }
    held_.clear();
}

}  // namespace liquid_energy::trading
