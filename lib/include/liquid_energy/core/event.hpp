#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/string_view.hpp>
#include <boost/json/value_ref.hpp>

#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::core {

namespace detail {
struct EventRecord;
class EventAccess;
}  // namespace detail

/// An immutable message: a type, a JSON-object payload, the wall-clock time it was made, and
/// optionally the name of the component that made it.
///
/// An Event is a handle to a shared, reference-counted record: copying it is cheap and copies see
/// the same payload. Records are recycled, so making an event from a list of fields allocates
/// nothing once the process has warmed up. A moved-from Event is empty: type 0, an empty payload.
class Event {
  public:
    using clock = std::chrono::system_clock;
    using Fields =
        std::initializer_list<std::pair<boost::json::string_view, boost::json::value_ref>>;

    /// Stamps the event with `clock::now()` and keeps `data` (and its memory resource) as it is.
    explicit Event(EventType type, boost::json::object data = {},
                   std::optional<std::string> source = std::nullopt);

    /// Stamps the event with `clock::now()` and builds the payload from `fields` in the event's
    /// own recycled storage: `Event(EventType::MARKET_DATA, {{"symbol", "ETH-USD"}, {"price",
    /// 3500.25}})`. The fast way to make an event. A later key equal to an earlier one is ignored.
    explicit Event(EventType type, Fields fields, std::optional<std::string> source = std::nullopt);

    Event(const Event& other) noexcept;
    Event(Event&& other) noexcept : record_(std::exchange(other.record_, nullptr)) {}
    Event& operator=(const Event& other) noexcept;
    Event& operator=(Event&& other) noexcept;
    ~Event();

    EventType type() const noexcept;
    /// Copies of the payload, or of values in it, stay valid after the event is gone.
    const boost::json::object& data() const noexcept;
    clock::time_point timestamp() const noexcept;
    const std::optional<std::string>& source() const noexcept;

  private:
    friend class detail::EventAccess;
    explicit Event(detail::EventRecord* record) noexcept : record_(record) {}

    const detail::EventRecord& record() const noexcept;

    detail::EventRecord* record_;
};

}  // namespace liquid_energy::core
