#include "liquid_apps/log_budget.hpp"

#include <utility>

namespace liquid_apps {

std::optional<std::uint64_t> LogBudget::take(Clock::time_point now) {
    ++total_;
    if (now - window_start_ >= interval_) {
        window_start_ = now;
        logged_in_window_ = 0;
    }
    if (logged_in_window_ == burst_) {
        ++unlogged_;
        return std::nullopt;
    }
    ++logged_in_window_;
    return std::exchange(unlogged_, 0);
}

}  // namespace liquid_apps
