#include "liquid_energy/trading/exposure_book.hpp"

#include <algorithm>

namespace liquid_energy::trading {

void ExposureBook::add_working(const Order& order) {
    orders_.insert_or_assign(order.order_id, Working{order.symbol, order.side, order.quantity});
}

void ExposureBook::mark_cancel_requested(std::string_view order_id) {
    const auto found = orders_.find(order_id);
    if (found != orders_.end()) found->second.cancel_requested = true;
}

void ExposureBook::on_fill(const Fill& fill) {
    auto position = positions_.find(fill.symbol);
    if (position == positions_.end()) position = positions_.emplace(fill.symbol, 0.0).first;
    position->second += sign(fill.side) * fill.quantity;
    const auto found = orders_.find(fill.order_id);
    if (found != orders_.end()) {
        found->second.leaves = std::max(0.0, found->second.leaves - fill.quantity);
    }
}

void ExposureBook::on_report(const ExecutionReport& report) {
    const auto found = orders_.find(report.order_id);
    if (found == orders_.end()) return;
    if (is_terminal(report.status)) {
        orders_.erase(found);
    } else {
        found->second.leaves = report.leaves_quantity;
        found->second.acknowledged = true;
    }
}

double ExposureBook::position(std::string_view symbol) const {
    const auto found = positions_.find(symbol);
    return found == positions_.end() ? 0.0 : found->second;
}

double ExposureBook::working(std::string_view symbol, Side side) const {
    double total = 0;
    for (const auto& [id, order] : orders_) {
        if (order.symbol == symbol && order.side == side && !order.cancel_requested) {
            total += order.leaves;
        }
    }
    return total;
}

std::vector<std::string> ExposureBook::cancellable_orders(std::string_view symbol,
                                                          Side side) const {
    std::vector<std::string> ids;
    for (const auto& [id, order] : orders_) {
        if (order.symbol == symbol && order.side == side && order.acknowledged &&
            !order.cancel_requested) {
            ids.push_back(id);
        }
    }
    return ids;
}

}  // namespace liquid_energy::trading
