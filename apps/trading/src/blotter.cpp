#include "liquid_energy/trading/blotter.hpp"

#include <cmath>
#include <utility>

namespace liquid_energy::trading {

void Blotter::on_tick(TickKind kind) {
    ++(kind == TickKind::QUOTE ? counts_.quotes : counts_.trades);
}

void Blotter::on_order(const Order& order) {
    OrderRecord& record = orders_[order.order_id];
    if (std::exchange(record.created, true)) ++counts_.anomalies;
}

void Blotter::on_report(const ExecutionReport& report) {
    OrderRecord* record = live_order(report.order_id);
    if (record == nullptr) return;
    record->status = report.status;
    if (is_terminal(report.status) &&
        std::abs(report.filled_quantity - record->filled) > quantity_epsilon) {
        ++counts_.anomalies;
    }
}

void Blotter::on_fill(const Fill& fill) {
    ++counts_.fills;
    SymbolFlow& flow = counts_.flows[fill.symbol];
    if (fill.side == Side::BUY) {
        flow.bought += fill.quantity;
        flow.buy_notional += fill.quantity * fill.price;
    } else {
        flow.sold += fill.quantity;
        flow.sell_notional += fill.quantity * fill.price;
    }
    if (OrderRecord* record = live_order(fill.order_id)) record->filled += fill.quantity;
}

Blotter::OrderRecord* Blotter::live_order(const std::string& order_id) {
    OrderRecord& record = orders_[order_id];
    if (is_terminal(record.status)) {
        ++counts_.anomalies;
        return nullptr;
    }
    return &record;
}

BlotterCounts Blotter::counts() const {
    BlotterCounts counts = counts_;
    for (const auto& [order_id, record] : orders_) {
        if (!record.created) {
            ++counts.anomalies;
            continue;
        }
        ++counts.orders;
        switch (record.status) {
            case OrderStatus::NEW:
                ++counts.unanswered;
                break;
            case OrderStatus::ACCEPTED:
            case OrderStatus::PARTIALLY_FILLED:
                ++counts.open;
                break;
            case OrderStatus::FILLED:
                ++counts.filled;
                break;
            case OrderStatus::CANCELLED:
                ++counts.cancelled;
                break;
            case OrderStatus::REJECTED:
                ++counts.rejected;
                break;
        }
    }
    return counts;
}

}  // namespace liquid_energy::trading
