#include "liquid_energy/trading/moving_average_crossover.hpp"

#include <stdexcept>
#include <string>

namespace liquid_energy::trading {

MovingAverageCrossover::MovingAverageCrossover(std::size_t fast_window, std::size_t slow_window)
    : fast_window_(fast_window), slow_window_(slow_window) {
    if (fast_window == 0 || fast_window >= slow_window) {
        throw std::invalid_argument("MovingAverageCrossover: need 0 < fast window (" +
                                    std::to_string(fast_window) + ") < slow window (" +
                                    std::to_string(slow_window) + ")");
    }
}

int MovingAverageCrossover::update(double price) {
    prices_.push_back(price);
    fast_sum_ += price;
    slow_sum_ += price;
    if (prices_.size() > fast_window_) fast_sum_ -= prices_[prices_.size() - 1 - fast_window_];
    if (prices_.size() > slow_window_) {
        slow_sum_ -= prices_.front();
        prices_.pop_front();
    }
    if (prices_.size() < slow_window_) return 0;

    const double fast = fast_sum_ / static_cast<double>(fast_window_);
    const double slow = slow_sum_ / static_cast<double>(slow_window_);
    const int side = fast > slow ? 1 : (fast < slow ? -1 : 0);
    // Touching without crossing keeps the old side.
    if (side == 0 || side == side_) return 0;
    const bool crossed = side_ != 0;
    side_ = side;
    return crossed ? side : 0;
}

}  // namespace liquid_energy::trading
