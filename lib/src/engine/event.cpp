#include "liquid_energy/core/event.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include <boost/core/demangle.hpp>
#include <boost/json/storage_ptr.hpp>

#include "record_pool.hpp"

namespace liquid_energy::core {
namespace {

using detail::EventRecord;
using detail::PayloadOps;

EventRecord* stamped_record(EventType type, std::optional<std::string> source,
                            std::optional<Event::clock::time_point> timestamp) {
    EventRecord* record = detail::RecordPool::acquire();
    record->type = type;
    record->timestamp = timestamp ? *timestamp : Event::clock::now();
    record->source = std::move(source);
    return record;
}

const EventRecord& empty_record() {
    static const EventRecord* const empty = [] {
        auto* record = new EventRecord;
        record->data.emplace();
        record->data_ready.store(true, std::memory_order_release);
        return record;
    }();
    return *empty;
}

[[noreturn]] void throw_duplicate_key(const Event::Fields& fields) {
    for (auto field = fields.begin(); field != fields.end(); ++field) {
        for (auto later = field + 1; later != fields.end(); ++later) {
            if (later->first == field->first) {
                throw std::invalid_argument("event payload: key '" + std::string(field->first) +
                                            "' given twice");
            }
        }
    }
    throw std::logic_error("event payload: fields lost without a duplicate key");
}

// Builds into the record's arena: the calling thread alone, under the views mutex or before the
// event is shared.
template <typename Build>
void build_in_arena(EventRecord& record, Build build) {
    record.arena.begin_build();
    try {
        record.data.emplace(build(boost::json::storage_ptr(&record.arena)));
        record.built_in_arena = true;
    } catch (...) {
        record.arena.end_build();
        throw;
    }
    record.arena.end_build();
    record.data_ready.store(true, std::memory_order_release);
}

// The views of an event are made on first use; the record is otherwise immutable, and the empty
// record is heap-allocated, so changing them through a const handle is sound.
EventRecord& views_of(const EventRecord& record) { return const_cast<EventRecord&>(record); }

const void* converted_view(EventRecord& record, const PayloadOps& ops, bool required) {
    const boost::json::object& json = detail::json_view(record);
    std::lock_guard lock(record.views_mutex);
    if (const void* found = record.typed.find(ops.type)) return found;
    try {
        return record.typed.convert(ops, json);
    } catch (const std::invalid_argument& error) {
        if (!required) return nullptr;
        throw std::invalid_argument(to_string(record.type) + " event: payload cannot become " +
                                    boost::core::demangle(ops.type.name()) + ": " + error.what());
    }
}

}  // namespace

namespace detail {

void throw_field_error(std::string_view field, std::string_view reason) {
    if (field.empty()) throw std::invalid_argument(std::string(reason));
    throw std::invalid_argument("field '" + std::string(field) + "': " + std::string(reason));
}

void throw_not_an_object(const std::type_info& type) {
    throw std::invalid_argument("payload of type " + boost::core::demangle(type.name()) +
                                " does not convert to a JSON object");
}

const boost::json::object& json_view(EventRecord& record) {
    if (!record.data_ready.load(std::memory_order_acquire)) {
        std::lock_guard lock(record.views_mutex);
        if (!record.data_ready.load(std::memory_order_relaxed)) {
            const PayloadOps& ops = *record.typed.ops();
            build_in_arena(record, [&](boost::json::storage_ptr storage) {
                return ops.to_json(record.typed.object(), std::move(storage));
            });
        }
    }
    return record.data.get();
}

}  // namespace detail

Event::Event(EventType type, boost::json::object data, std::optional<std::string> source,
             std::optional<clock::time_point> timestamp)
    : record_(stamped_record(type, std::move(source), timestamp)) {
    record_->data.emplace(std::move(data));
    record_->data_ready.store(true, std::memory_order_release);
}

Event::Event(EventType type, Fields fields, std::optional<std::string> source,
             std::optional<clock::time_point> timestamp)
    : record_(stamped_record(type, std::move(source), timestamp)) {
    try {
        build_in_arena(*record_, [&](boost::json::storage_ptr storage) {
            boost::json::object object(fields, std::move(storage));
            if (object.size() != fields.size()) throw_duplicate_key(fields);
            return object;
        });
    } catch (...) {
        detail::RecordPool::release(record_);
        throw;
    }
}

Event::Event(EventType type, std::optional<std::string> source,
             std::optional<clock::time_point> timestamp, const detail::PayloadOps& ops,
             void* payload)
    : record_(stamped_record(type, std::move(source), timestamp)) {
    try {
        record_->typed.emplace(ops, payload);
    } catch (...) {
        detail::RecordPool::release(record_);
        throw;
    }
}

Event::Event(const Event& other) noexcept : record_(other.record_) {
    if (record_ != nullptr) detail::RecordPool::retain(record_);
}

Event& Event::operator=(const Event& other) noexcept {
    Event copy(other);
    std::swap(record_, copy.record_);
    return *this;
}

Event& Event::operator=(Event&& other) noexcept {
    Event taken(std::move(other));
    std::swap(record_, taken.record_);
    return *this;
}

Event::~Event() {
    if (record_ != nullptr) detail::RecordPool::release(record_);
}

const detail::EventRecord& Event::record() const noexcept {
    return record_ != nullptr ? *record_ : empty_record();
}

EventType Event::type() const noexcept { return record().type; }

const boost::json::object& Event::data() const { return detail::json_view(views_of(record())); }

Event::clock::time_point Event::timestamp() const noexcept { return record().timestamp; }

const std::optional<std::string>& Event::source() const noexcept { return record().source; }

const void* Event::typed_view(const detail::PayloadOps& ops, bool required) const {
    const EventRecord& held = record();
    if (const PayloadOps* first = held.typed.ops(); first != nullptr && first->type == ops.type)
        return held.typed.object();
    return converted_view(views_of(held), ops, required);
}

}  // namespace liquid_energy::core
