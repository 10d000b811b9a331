#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "liquid_energy/trading/market_tick.hpp"
#include "liquid_energy/trading/orders.hpp"

namespace liquid_energy::trading {

/// The fills of one symbol, as cash flows.
struct SymbolFlow {
    double bought = 0;
    double sold = 0;
    double buy_notional = 0;
    double sell_notional = 0;

    double net_quantity() const noexcept { return bought - sold; }
    double cash() const noexcept { return sell_notional - buy_notional; }
};

struct BlotterCounts {
    std::uint64_t quotes = 0;
    std::uint64_t trades = 0;
    /// Orders created, then by their latest status: every order is in exactly one of filled,
    /// cancelled, rejected, open (accepted or partially filled) and unanswered (no report yet).
    std::uint64_t orders = 0;
    std::uint64_t filled = 0;
    std::uint64_t cancelled = 0;
    std::uint64_t rejected = 0;
    std::uint64_t open = 0;
    std::uint64_t unanswered = 0;
    std::uint64_t fills = 0;
    std::uint64_t risk_rejections = 0;
    std::uint64_t errors = 0;
    std::uint64_t infos = 0;
    /// Contradictions of the order flow: an order created twice, a report or fill about an order
    /// never created or already finished, a terminal report whose filled quantity is not the sum
    /// of the fills before it.
    std::uint64_t anomalies = 0;
    std::map<std::string, SymbolFlow> flows;
};

/// The record of a session: what came in, every order's latest state and the fills' cash
/// flows, independent of the position book so that each can check the other. No engine, no
/// threads.
///
/// An order's reports and fills may come before its creation: an engine orders only the events
/// put from one thread, and the exchange's answer can overtake the create event that caused it.
/// Reports and fills of one order, all from the exchange, must come in order.
class Blotter {
  public:
    void on_tick(TickKind kind);
    /// An order the strategy created.
    void on_order(const Order& order);
    void on_report(const ExecutionReport& report);
    void on_fill(const Fill& fill);
    void on_risk_rejection() noexcept { ++counts_.risk_rejections; }
    void on_error() noexcept { ++counts_.errors; }
    void on_info() noexcept { ++counts_.infos; }

    BlotterCounts counts() const;

  private:
    struct OrderRecord {
        bool created = false;
        OrderStatus status = OrderStatus::NEW;
        double filled = 0;
    };

    /// The record of an order not finished yet, made if new; null (and an anomaly counted) if
    /// finished.
    OrderRecord* live_order(const std::string& order_id);

    BlotterCounts counts_;
    std::map<std::string, OrderRecord, std::less<>> orders_;
};

}  // namespace liquid_energy::trading
