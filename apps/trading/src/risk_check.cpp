#include "liquid_energy/trading/risk_check.hpp"

#include <cmath>
#include <cstdio>

namespace liquid_energy::trading {
namespace {

bool is_positive(double value) { return std::isfinite(value) && value > 0; }

std::string format_amount(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

}  // namespace

RiskCheck::RiskCheck(RiskLimits limits) : limits_(limits) {}

RiskDecision RiskCheck::check(const Order& order) {
    if (!is_positive(order.quantity)) return {RiskVerdict::INVALID, "quantity is not positive"};
    if (!is_positive(order.price)) return {RiskVerdict::INVALID, "price is not positive"};
    // Finite factors may still make an infinite product, which no limit would stop.
    if (!std::isfinite(order.quantity * order.price)) {
        return {RiskVerdict::INVALID, "order notional overflows"};
    }
    std::string reason = breach(order);
    if (!reason.empty()) return {RiskVerdict::LIMIT_BREACH, std::move(reason)};
    exposure_.add_working(order);
    return {};
}

std::string RiskCheck::breach(const Order& order) const {
    const double notional = order.quantity * order.price;
    if (notional > limits_.max_order_notional) {
        return "order notional " + format_amount(notional) + " over the limit " +
               format_amount(limits_.max_order_notional);
    }
    const double direction = sign(order.side);
    const double before =
        exposure_.position(order.symbol) + direction * exposure_.working(order.symbol, order.side);
    const double after = before + direction * order.quantity;
    const double position_notional = std::abs(after) * order.price;
    if (!std::isfinite(position_notional))
        return "position notional of " + order.symbol + " overflows";
    if (std::abs(after) > std::abs(before) && position_notional > limits_.max_position_notional) {
        return "position notional " + format_amount(position_notional) + " of " + order.symbol +
               " over the limit " + format_amount(limits_.max_position_notional);
    }
    return {};
}

void RiskCheck::on_fill(const Fill& fill) { exposure_.on_fill(fill); }

void RiskCheck::on_report(const ExecutionReport& report) { exposure_.on_report(report); }

}  // namespace liquid_energy::trading
