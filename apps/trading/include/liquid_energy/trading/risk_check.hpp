#pragma once

#include <limits>
#include <string>
#include <string_view>

#include "liquid_energy/trading/exposure_book.hpp"
#include "liquid_energy/trading/orders.hpp"

namespace liquid_energy::trading {

struct RiskLimits {
    /// Largest quantity * price of one order.
    double max_order_notional = std::numeric_limits<double>::infinity();
    /// Largest |position| * price a symbol may reach if every working order on the order's side
    /// filled, this one included.
    double max_position_notional = std::numeric_limits<double>::infinity();
};

enum class RiskVerdict { ACCEPTED, LIMIT_BREACH, INVALID };

struct RiskDecision {
    RiskVerdict verdict = RiskVerdict::ACCEPTED;
    /// Why, unless accepted.
    std::string reason;
};

/// Pre-trade checks over the whole order flow (every account). No engine, no threads.
///
/// An order is valued at its price (for a market order, the reference price the strategy gave).
/// An order that brings the worst-case position closer to flat always passes the position
/// limit, so that a position over the limit (after a price move) can still be reduced.
class RiskCheck {
  public:
    explicit RiskCheck(RiskLimits limits);

    /// INVALID for a quantity or price that is not positive and finite, or whose product
    /// overflows; LIMIT_BREACH over a limit, or for a position whose notional would overflow. An
    /// accepted order counts as working from now on.
    RiskDecision check(const Order& order);
    void on_fill(const Fill& fill);
    void on_report(const ExecutionReport& report);

  private:
    std::string breach(const Order& order) const;

    RiskLimits limits_;
    ExposureBook exposure_;
};

}  // namespace liquid_energy::trading
