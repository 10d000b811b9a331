#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include <boost/json/object.hpp>

#include "cache_line.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "payload_arena.hpp"
#include "typed_payload.hpp"

namespace liquid_energy::core::detail {

struct EventRecord;

/// A link of the engine's ingress queue. Each record carries one for the common case of an event
/// put while no other handle to it exists; an event put again while still queued needs another.
/// It carries the event's type too, so that routing reads only the link's cache line, not the
/// lines of the record that the producer has just written on another core.
struct IngressNode {
    std::atomic<IngressNode*> next{nullptr};
    EventRecord* record = nullptr;
    EventType type{};
};

/// An event's JSON object, constructed and destroyed by hand: a payload that lives wholly in its
/// record's arena holds nothing to free, so recycling the record can skip walking it.
class Payload {
  public:
    Payload() = default;
    Payload(const Payload&) = delete;
    Payload& operator=(const Payload&) = delete;
    ~Payload() { clear(/*walk=*/true); }

    template <typename... Args>
    void emplace(Args&&... args) {
        new (&storage_) boost::json::object(std::forward<Args>(args)...);
        engaged_ = true;
    }

    const boost::json::object& get() const noexcept {
        return *std::launder(reinterpret_cast<const boost::json::object*>(&storage_));
    }

    /// Ends the object's life; with `walk`, through its destructor, which frees what it holds.
    void clear(bool walk) noexcept {
        if (engaged_ && walk)
            std::launder(reinterpret_cast<boost::json::object*>(&storage_))->~object();
        engaged_ = false;
    }

  private:
    alignas(boost::json::object) std::byte storage_[sizeof(boost::json::object)];
    bool engaged_ = false;
};

/// What an Event handle points to. Immutable from the moment the event is made until the last
/// handle is gone (but for the payload views made on first use, under `views_mutex`); then
/// RecordPool recycles it.
struct EventRecord {
    EventType type{};
    Event::clock::time_point timestamp{};
    // The producer's typed payload, or the first typed view converted from `data`. Right after the
    // type and time, so that a typed listener's reads start on one cache line.
    TypedPayload typed;
    std::optional<std::string> source;
    // The JSON view; readable once `data_ready` is set.
    Payload data;
    std::atomic<bool> data_ready{false};
    // Whether `data` was built into `arena`, rather than adopted with its own memory.
    bool built_in_arena = false;
    // Serialises the making of views; never held while a view is read.
    std::mutex views_mutex;
    PayloadArena arena;

    // The bookkeeping that every holder writes while listeners on other cores read the event:
    // on a line of its own, so that a listener dropping its reference does not take the event's
    // type, time and payload away from another listener's cache.
    alignas(cache_line_size) std::atomic<std::uint32_t> references{0};
    IngressNode ingress_node;
    // The pool's free list; meaningful only while the record is free.
    EventRecord* next_free = nullptr;
};

/// Starts loading what a listener reads of `record` (its first two lines) and the reference count
/// it writes, so that a batch's cache misses overlap instead of coming one after another.
inline void prefetch_for_listener(const EventRecord& record) noexcept {
    const auto* start = reinterpret_cast<const std::byte*>(&record);
    __builtin_prefetch(start);
    __builtin_prefetch(start + cache_line_size);
    __builtin_prefetch(&record.references, /*write=*/1);
}

/// The record's JSON view, made from its typed payload on first use. Thread-safe.
const boost::json::object& json_view(EventRecord& record);

/// The engine's view of an Event: the record behind a handle, without touching reference counts.
class EventAccess {
  public:
    /// Takes the record out of the handle, with the reference the handle held.
    static EventRecord* take(Event&& event) noexcept {
        return std::exchange(event.record_, nullptr);
    }
    /// A handle that owns one reference to `record`.
    static Event adopt(EventRecord* record) noexcept { return Event(record); }
    static EventRecord* record_of(const Event& event) noexcept { return event.record_; }
};

}  // namespace liquid_energy::core::detail
