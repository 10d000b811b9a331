#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::core {

/// An immutable message: a type, a JSON-object payload, the wall-clock time it was made, and
/// optionally the name of the component that made it.
class Event {
  public:
    using clock = std::chrono::system_clock;

    /// Stamps the event with `clock::now()`.
    explicit Event(EventType type, boost::json::object data = {},
                   std::optional<std::string> source = std::nullopt);

    EventType type() const noexcept { return type_; }
    const boost::json::object& data() const noexcept { return data_; }
    clock::time_point timestamp() const noexcept { return timestamp_; }
    const std::optional<std::string>& source() const noexcept { return source_; }

  private:
    EventType type_;
    boost::json::object data_;
    clock::time_point timestamp_;
    std::optional<std::string> source_;
};

}  // namespace liquid_energy::core
