#pragma once

#include <functional>
#include <string>
#include <vector>

#include "liquid_energy/core/event_listener.hpp"

namespace liquid_energy::core {

/// A listener that sees only the events of its types that pass a predicate, e.g. one symbol's
/// market data. The predicate runs on the listener's strand, so it need not be thread-safe.
class FilteredEventListener : public EventListener {
  public:
    using Predicate = std::function<bool(const Event&)>;

    /// Throws std::invalid_argument when `predicate` is empty.
    FilteredEventListener(std::string name, std::vector<EventType> event_types,
                          Predicate predicate);

    bool accepts(const Event& event) const override;

  private:
    Predicate predicate_;
};

}  // namespace liquid_energy::core
