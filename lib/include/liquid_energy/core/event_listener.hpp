#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::core {

/// A component that handles events of the types it names. The engine calls `handle_event` on the
/// listener's own strand: never concurrently with itself, in parallel with other listeners.
class EventListener {
  public:
    EventListener(std::string name, std::vector<EventType> event_types);
    EventListener(std::string name, std::initializer_list<EventType> event_types);
    virtual ~EventListener() = default;

    EventListener(const EventListener&) = delete;
    EventListener& operator=(const EventListener&) = delete;

    /// Called once per delivered event. An exception thrown here is caught by the engine, logged
    /// and published as an ERROR event; the listener then gets its next event.
    virtual void handle_event(const Event& event) = 0;

    /// Whether events of `type` are delivered to this listener. Must be thread-safe, quick and
    /// must not change while the listener is registered: producers ask it as they route.
    virtual bool can_handle_event_type(EventType type) const;

    /// A last look at an event already routed here, asked on the listener's strand right before
    /// `handle_event`; an event it refuses is skipped. Accepts everything unless overridden.
    virtual bool accepts(const Event& event) const;

    const std::string& name() const noexcept { return name_; }
    const std::vector<EventType>& event_types() const noexcept { return event_types_; }

  private:
    std::string name_;
    std::vector<EventType> event_types_;
};

}  // namespace liquid_energy::core
