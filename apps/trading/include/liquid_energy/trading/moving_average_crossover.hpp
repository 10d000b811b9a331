#pragma once

#include <cstddef>
#include <deque>

namespace liquid_energy::trading {

/// A fast and a slow simple moving average of one price series, and the moments they cross.
class MovingAverageCrossover {
  public:
    /// Throws std::invalid_argument unless 0 < fast_window < slow_window.
    MovingAverageCrossover(std::size_t fast_window, std::size_t slow_window);

    /// Adds a price. Returns +1 when the fast average has just risen above the slow one, -1 when
    /// it has just fallen below, else 0. The first full slow window only sets the starting side.
    int update(double price);

  private:
    std::size_t fast_window_;
    std::size_t slow_window_;
    std::deque<double> prices_;
    double fast_sum_ = 0;
    double slow_sum_ = 0;
    /// Which side the fast average was last seen on: +1 above, -1 below, 0 not yet known.
    int side_ = 0;
};

}  // namespace liquid_energy::trading
