#include "liquid_energy/core/event.hpp"

#include <utility>

namespace liquid_energy::core {

Event::Event(EventType type, boost::json::object data, std::optional<std::string> source)
    : type_(type), data_(std::move(data)), timestamp_(clock::now()), source_(std::move(source)) {}

}  // namespace liquid_energy::core
