#include "liquid_energy/core/event_listener.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace liquid_energy::core {

EventListener::EventListener(std::string name, std::vector<EventType> event_types)
    : name_(std::move(name)), event_types_(std::move(event_types)) {
    if (name_.empty()) throw std::invalid_argument("EventListener: the name must not be empty");
}

EventListener::EventListener(std::string name, std::initializer_list<EventType> event_types)
    : EventListener(std::move(name), std::vector<EventType>(event_types)) {}

bool EventListener::can_handle_event_type(EventType type) const {
    return std::find(event_types_.begin(), event_types_.end(), type) != event_types_.end();
}

bool EventListener::accepts(const Event& /*event*/) const { return true; }

}  // namespace liquid_energy::core
