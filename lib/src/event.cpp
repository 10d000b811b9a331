#include "liquid_energy/core/event.hpp"

#include <utility>

#include "record_pool.hpp"

namespace liquid_energy::core {
namespace {

detail::EventRecord* stamped_record(EventType type, std::optional<std::string> source) {
    detail::EventRecord* record = detail::RecordPool::acquire();
    record->type = type;
    record->timestamp = Event::clock::now();
    record->source = std::move(source);
    return record;
}

const detail::EventRecord& empty_record() {
    static const detail::EventRecord* const empty = [] {
        auto* record = new detail::EventRecord;
        record->data.emplace();
        return record;
    }();
    return *empty;
}

}  // namespace

Event::Event(EventType type, boost::json::object data, std::optional<std::string> source)
    : record_(stamped_record(type, std::move(source))) {
    record_->data.emplace(std::move(data));
}

Event::Event(EventType type, Fields fields, std::optional<std::string> source)
    : record_(stamped_record(type, std::move(source))) {
    record_->arena.begin_build();
    try {
        record_->data.emplace(fields, boost::json::storage_ptr(&record_->arena));
        record_->built_in_arena = true;
    } catch (...) {
        record_->arena.end_build();
        detail::RecordPool::release(record_);
        throw;
    }
    record_->arena.end_build();
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

const boost::json::object& Event::data() const noexcept { return record().data.get(); }

Event::clock::time_point Event::timestamp() const noexcept { return record().timestamp; }

const std::optional<std::string>& Event::source() const noexcept { return record().source; }

}  // namespace liquid_energy::core
