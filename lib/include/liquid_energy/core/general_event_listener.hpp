#pragma once

#include <string>

#include "liquid_energy/core/event_listener.hpp"

namespace liquid_energy::core {

/// A listener that receives every event, of every type, built-in or user-defined (for journals,
/// monitors, recorders). `event_types()` is empty.
class GeneralEventListener : public EventListener {
  public:
    explicit GeneralEventListener(std::string name);

    bool can_handle_event_type(EventType type) const override;
};

}  // namespace liquid_energy::core
