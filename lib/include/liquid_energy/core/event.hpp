#pragma once

#include <chrono>
#include <concepts>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/string_view.hpp>
#include <boost/json/value_ref.hpp>

#include "liquid_energy/core/detail/payload_ops.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::core {

class Event;

namespace detail {
struct EventRecord;
class EventAccess;
}  // namespace detail

/// A C++ type an event can carry as its payload: any type Boost.JSON converts to a JSON object
/// and back (a struct with BOOST_DESCRIBE_STRUCT, or one with `tag_invoke` overloads).
template <typename T>
concept EventPayload = std::is_class_v<T> && std::move_constructible<T> &&
                       !std::same_as<std::remove_cvref_t<T>, boost::json::object> &&
                       !std::same_as<std::remove_cvref_t<T>, boost::json::value> &&
                       !std::same_as<std::remove_cvref_t<T>, Event>;

/// An immutable message: a type, a payload, the time it happened, and optionally the name of the
/// component that made it.
///
/// The payload has two views. A producer gives either a JSON object (the seed's dict style, the
/// wire) or a typed C++ object (`Event(type, Quote{...})`); `data()` is the JSON view and
/// `get<T>()` the typed one. The view the producer did not give is made on first use, once per
/// event, and kept: safe to request from many listeners on many threads at once.
///
/// An Event is a handle to a shared, reference-counted record: copying it is cheap and copies see
/// the same payload. Records are recycled, so making an event from a list of fields, or from a
/// typed payload that fits the record's inline storage, allocates nothing once warm. A moved-from
/// Event is empty: type 0, an empty payload.
class Event {
  public:
    using clock = std::chrono::system_clock;
    using Fields =
        std::initializer_list<std::pair<boost::json::string_view, boost::json::value_ref>>;

    /// Keeps `data` (and its memory resource) as it is. `timestamp` defaults to `clock::now()`.
    explicit Event(EventType type, boost::json::object data = {},
                   std::optional<std::string> source = std::nullopt,
                   std::optional<clock::time_point> timestamp = std::nullopt);

    /// Builds the payload from `fields` in the event's own recycled storage:
    /// `Event(EventType::MARKET_DATA, {{"symbol", "ETH-USD"}, {"price", 3500.25}})`. A key given
    /// twice is a std::invalid_argument naming it.
    explicit Event(EventType type, Fields fields, std::optional<std::string> source = std::nullopt,
                   std::optional<clock::time_point> timestamp = std::nullopt);

    /// Carries `payload` itself; no JSON is built until `data()` is asked for.
    template <EventPayload T>
    explicit Event(EventType type, T payload, std::optional<std::string> source = std::nullopt,
                   std::optional<clock::time_point> timestamp = std::nullopt)
        : Event(type, std::move(source), timestamp, detail::payload_ops<T>(), &payload) {}

    Event(const Event& other) noexcept;
    Event(Event&& other) noexcept : record_(std::exchange(other.record_, nullptr)) {}
    Event& operator=(const Event& other) noexcept;
    Event& operator=(Event&& other) noexcept;
    ~Event();

    EventType type() const noexcept;
    /// The JSON view. Copies of it, or of values in it, stay valid after the event is gone.
    const boost::json::object& data() const;
    clock::time_point timestamp() const noexcept;
    const std::optional<std::string>& source() const noexcept;

    /// The payload as a `T`: the producer's object itself when it gave a `T`, otherwise converted
    /// from `data()` once and kept. Throws std::invalid_argument naming the event type, `T` and
    /// the field that failed when the payload cannot become a `T`.
    template <EventPayload T>
    const T& get() const {
        return *static_cast<const T*>(typed_view(detail::payload_ops<T>(), /*required=*/true));
    }

    /// As `get<T>()`, but nullptr when the payload is not, and cannot become, a `T`.
    template <EventPayload T>
    const T* get_if() const {
        return static_cast<const T*>(typed_view(detail::payload_ops<T>(), /*required=*/false));
    }

  private:
    friend class detail::EventAccess;
    explicit Event(detail::EventRecord* record) noexcept : record_(record) {}
    Event(EventType type, std::optional<std::string> source,
          std::optional<clock::time_point> timestamp, const detail::PayloadOps& ops, void* payload);

    const detail::EventRecord& record() const noexcept;
    const void* typed_view(const detail::PayloadOps& ops, bool required) const;

    detail::EventRecord* record_;
};

}  // namespace liquid_energy::core
