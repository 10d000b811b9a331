#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "liquid_energy/trading/orders.hpp"

namespace liquid_energy::trading {

/// Per symbol, the filled position and the open quantity of working orders, as one party of the
/// order flow sees them (a strategy its own orders, risk all of them). No engine, no threads.
class ExposureBook {
  public:
    /// Counts `order` as working until a terminal report about it.
    void add_working(const Order& order);
    /// Leaves the order working (a fill may still beat the cancel) but out of `working()`.
    void mark_cancel_requested(std::string_view order_id);
    void on_fill(const Fill& fill);
    void on_report(const ExecutionReport& report);

    double position(std::string_view symbol) const;
    /// Open quantity of the symbol's working orders on `side`, except those being cancelled.
    double working(std::string_view symbol, Side side) const;
    /// Ids of the symbol's working orders on `side` that a cancel can reach: acknowledged by a
    /// report (a cancel sent earlier could overtake the order on its way through risk) and not
    /// being cancelled already.
    std::vector<std::string> cancellable_orders(std::string_view symbol, Side side) const;

  private:
    struct Working {
        std::string symbol;
        Side side;
        double leaves;
        bool acknowledged = false;
        bool cancel_requested = false;
    };

    std::map<std::string, Working, std::less<>> orders_;
    std::map<std::string, double, std::less<>> positions_;
};

}  // namespace liquid_energy::trading
