#include "liquid_energy/core/event_timer.hpp"

#include <memory>
#include <stdexcept>
#include <utility>

#include "timer_state.hpp"

namespace liquid_energy::core {

EventTimer::EventTimer(EventEngine& engine, clock::duration interval, EventType type,
                       boost::json::object data, std::optional<std::string> source)
    : handle_(schedule(engine, interval, type, std::move(data), std::move(source))) {}

EventTimer::~EventTimer() { cancel(); }

TimerHandle EventTimer::schedule(EventEngine& engine, clock::duration interval, EventType type,
                                 boost::json::object data, std::optional<std::string> source) {
    if (interval <= clock::duration::zero()) {
        throw std::invalid_argument("EventTimer: the interval of a " + to_string(type) +
                                    " timer must be positive");
    }
    auto state = std::make_shared<detail::TimerState>(engine, interval, type, std::move(data),
                                                      std::move(source));
    state->start();
    return TimerHandle(state);
}

}  // namespace liquid_energy::core
