#include "liquid_apps/log_throttle.hpp"

#include <stdexcept>

namespace liquid_apps {

LogThrottle::LogThrottle(Clock::duration interval) : interval_(interval) {
    if (interval <= Clock::duration::zero()) {
        throw std::invalid_argument("LogThrottle: the interval is not positive");
    }
}

bool LogThrottle::admit(Clock::time_point now) {
    ++total_;
    if (logged_ && now - last_line_ < interval_) {
        ++pending_;
        return false;
    }
    held_back_ = pending_;
    pending_ = 0;
    last_line_ = now;
    logged_ = true;
    return true;
}

}  // namespace liquid_apps
