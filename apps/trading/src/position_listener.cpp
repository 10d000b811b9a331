#include "liquid_energy/trading/position_listener.hpp"

#include <utility>

#include "liquid_energy/trading/market_tick.hpp"
#include "liquid_energy/trading/orders.hpp"

namespace liquid_energy::trading {

using core::EventType;

PositionListener::PositionListener(std::string name)
    : EventListener(std::move(name), {EventType::MARKET_DATA, EventType::TRADE_UPDATE}) {}

bool PositionListener::accepts(const core::Event& event) const {
    return event.type() != EventType::MARKET_DATA || is_quote(event);
}

void PositionListener::handle_event(const core::Event& event) {
    if (event.type() == EventType::MARKET_DATA) {
        const auto& quote = event.get<MarketTick>();
        std::lock_guard lock(mutex_);
        book_.mark(quote.symbol, quote.mid());
    } else {
        const auto& fill = event.get<Fill>();
        std::lock_guard lock(mutex_);
        book_.apply_fill(fill);
    }
}

std::map<std::string, Position> PositionListener::positions() const {
    std::lock_guard lock(mutex_);
    return book_.positions();
}

}  // namespace liquid_energy::trading
