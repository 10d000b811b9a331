#include "liquid_energy/trading/position_book.hpp"

#include <algorithm>
#include <cmath>

namespace liquid_energy::trading {

void PositionBook::apply_fill(const Fill& fill) {
    Entry& state = entry(fill.symbol);
    Position& position = state.position;
    const double traded = sign(fill.side) * fill.quantity;
    const bool opening =
        std::abs(position.quantity) <= quantity_epsilon || (position.quantity > 0) == (traded > 0);
    if (opening) {
        const double held = std::abs(position.quantity);
        position.quantity += traded;
        position.average_cost =
            (held * position.average_cost + fill.quantity * fill.price) / (held + fill.quantity);
    } else {
        const double closed = std::min(fill.quantity, std::abs(position.quantity));
        const double direction = position.quantity > 0 ? 1.0 : -1.0;
        position.realised += closed * (fill.price - position.average_cost) * direction;
        const double before = position.quantity;
        position.quantity += traded;
        if (std::abs(position.quantity) <= quantity_epsilon) {
            position.quantity = 0;
            position.average_cost = 0;
        } else if ((position.quantity > 0) != (before > 0)) {
            position.average_cost = fill.price;
        }
    }
    if (!state.has_mid) position.mark = fill.price;
}

void PositionBook::mark(std::string_view symbol, double price) {
    Entry& state = entry(symbol);
    state.position.mark = price;
    state.has_mid = true;
}

Position PositionBook::position(std::string_view symbol) const {
    const auto found = entries_.find(symbol);
    return found == entries_.end() ? Position{} : found->second.position;
}

std::map<std::string, Position> PositionBook::positions() const {
    std::map<std::string, Position> result;
    for (const auto& [symbol, state] : entries_) result.emplace(symbol, state.position);
    return result;
}

PositionBook::Entry& PositionBook::entry(std::string_view symbol) {
    auto found = entries_.find(symbol);
    if (found == entries_.end()) found = entries_.emplace(std::string(symbol), Entry{}).first;
    return found->second;
}

}  // namespace liquid_energy::trading
