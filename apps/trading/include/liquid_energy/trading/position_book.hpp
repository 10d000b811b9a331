#pragma once

#include <map>
#include <string>
#include <string_view>

#include "liquid_energy/trading/orders.hpp"

namespace liquid_energy::trading {

/// One symbol's position under the average-cost method.
struct Position {
    /// Signed: positive long, negative short.
    double quantity = 0;
    /// Average price of the open quantity; zero when flat.
    double average_cost = 0;
    /// Profit locked in by the quantity closed so far.
    double realised = 0;
    /// The price unrealised P&L is marked at: the last mid, else the last fill price.
    double mark = 0;

    /// What closing the open quantity at `mark` would lock in.
    double unrealised() const noexcept { return quantity * (mark - average_cost); }
};

/// Positions and P&L per symbol from fills and marks. No engine and no threads.
///
/// A fill that adds to a position (or opens one) moves the average cost to the quantity-weighted
/// mean; a fill that reduces it realises (fill price - average cost) on the closed quantity and
/// leaves the average cost alone; a fill that flips it closes the old position and opens the rest
/// at the fill price. So realised + unrealised always equals cash flow + quantity * mark.
class PositionBook {
  public:
    void apply_fill(const Fill& fill);
    /// Marks the symbol's position at `price` (a mid).
    void mark(std::string_view symbol, double price);

    /// The symbol's position, flat if it never traded.
    Position position(std::string_view symbol) const;
    /// Every symbol that traded or was marked, by name.
    std::map<std::string, Position> positions() const;

  private:
    struct Entry {
        Position position;
        bool has_mid = false;
    };

    Entry& entry(std::string_view symbol);

    std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace liquid_energy::trading
