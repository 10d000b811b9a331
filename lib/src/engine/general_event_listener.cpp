#include "liquid_energy/core/general_event_listener.hpp"

#include <utility>

namespace liquid_energy::core {

GeneralEventListener::GeneralEventListener(std::string name)
    : EventListener(std::move(name), std::vector<EventType>{}) {}

bool GeneralEventListener::can_handle_event_type(EventType /*type*/) const { return true; }

}  // namespace liquid_energy::core
