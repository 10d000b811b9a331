#include "liquid_energy/core/filtered_event_listener.hpp"

#include <stdexcept>
#include <utility>

namespace liquid_energy::core {

FilteredEventListener::FilteredEventListener(std::string name, std::vector<EventType> event_types,
                                             Predicate predicate)
    : EventListener(std::move(name), std::move(event_types)), predicate_(std::move(predicate)) {
    if (!predicate_) {
        throw std::invalid_argument("FilteredEventListener '" + this->name() +
                                    "': the predicate must not be empty");
    }
}

bool FilteredEventListener::accepts(const Event& event) const { return predicate_(event); }

}  // namespace liquid_energy::core
