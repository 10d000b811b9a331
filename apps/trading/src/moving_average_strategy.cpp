#include "liquid_energy/trading/moving_average_strategy.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace liquid_energy::trading {

MovingAverageStrategy::MovingAverageStrategy(StrategyParams params) : params_(std::move(params)) {
    if (params_.account.empty()) {
        throw std::invalid_argument("MovingAverageStrategy: the account is empty");
    }
    // Made once so that bad windows throw even when no symbol is traded.
    const MovingAverageCrossover prototype(params_.fast_window, params_.slow_window);
    for (const auto& [symbol, target] : params_.target_quantity) {
        if (!std::isfinite(target) || target <= 0) {
            throw std::invalid_argument("MovingAverageStrategy: the target quantity of " + symbol +
                                        " is not positive");
        }
        symbols_.emplace(symbol, SymbolState{prototype, std::nullopt});
    }
}

StrategyDecision MovingAverageStrategy::on_tick(const MarketTick& tick) {
    const auto found = symbols_.find(tick.symbol);
    if (found == symbols_.end()) return {};
    // A tick that means nothing would price or size an order at infinity or NaN.
    if (!tick_problem(tick).empty()) return {};
    SymbolState& state = found->second;
    if (tick.kind == TickKind::QUOTE) {
        state.quote = tick;
        return {};
    }
    const int direction = state.crossover.update(tick.price);
    if (direction == 0 || !state.quote) return {};
    return react(found->first, state, direction);
}

StrategyDecision MovingAverageStrategy::react(const std::string& symbol, SymbolState& state,
                                              int direction) {
    StrategyDecision decision;
    const Side against = direction > 0 ? Side::SELL : Side::BUY;
    for (auto& order_id : exposure_.cancellable_orders(symbol, against)) {
        exposure_.mark_cancel_requested(order_id);
        decision.cancels.push_back({std::move(order_id), params_.account, symbol});
    }
    const double held = exposure_.position(symbol) + exposure_.working(symbol, Side::BUY) -
                        exposure_.working(symbol, Side::SELL);
    const double target = direction * params_.target_quantity.find(symbol)->second;
    const double gap = on_order_grid(target - held);
    if (std::abs(gap) > quantity_epsilon) {
        decision.order = make_order(symbol, *state.quote, gap);
        exposure_.add_working(*decision.order);
    }
    return decision;
}

Order MovingAverageStrategy::make_order(const std::string& symbol, const MarketTick& quote,
                                        double quantity) {
    const Side side = quantity > 0 ? Side::BUY : Side::SELL;
    const double offset = params_.limit_offset_bps / 10'000.0;
    const double price = on_order_grid(params_.order_type == OrderType::MARKET
                                           ? quote.mid()
                                           : quote.mid() * (1 - sign(side) * offset));
    return Order{
        .order_id = params_.account + '-' + std::to_string(next_order_++),
        .account = params_.account,
        .symbol = symbol,
        .side = side,
        .type = params_.order_type,
        .price = price,
        .quantity = std::abs(quantity),
    };
}

void MovingAverageStrategy::on_report(const ExecutionReport& report) {
    if (report.account == params_.account) exposure_.on_report(report);
}

void MovingAverageStrategy::on_fill(const Fill& fill) {
    if (fill.account == params_.account) exposure_.on_fill(fill);
}

}  // namespace liquid_energy::trading
