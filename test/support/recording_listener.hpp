#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "liquid_energy/core/event_listener.hpp"
#include "wait_until.hpp"

namespace liquid_energy::test {

/// Records every event it handles and lets a test wait, with a deadline, for a count of them.
/// An optional action runs inside handle_event after recording (to throw, re-enter the engine...).
class RecordingListener : public core::EventListener {
  public:
    using Action = std::function<void(const core::Event&)>;

    RecordingListener(std::string name, std::vector<core::EventType> types, Action action = {})
        : EventListener(std::move(name), std::move(types)), action_(std::move(action)) {}

    void handle_event(const core::Event& event) override {
        {
            std::lock_guard lock(mutex_);
            events_.push_back(event);
        }
        changed_.notify_all();
        if (action_) action_(event);
    }

    bool wait_for_count(std::size_t count, std::chrono::milliseconds timeout = default_deadline) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return events_.size() >= count; });
    }

    std::vector<core::Event> events() const {
        std::lock_guard lock(mutex_);
        return events_;
    }

    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return events_.size();
    }

  private:
    Action action_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<core::Event> events_;
};

/// A shared RecordingListener, as engines take them.
inline std::shared_ptr<RecordingListener> recorder(const std::string& name,
                                                   std::vector<core::EventType> types,
                                                   RecordingListener::Action action = {}) {
    return std::make_shared<RecordingListener>(name, std::move(types), std::move(action));
}

/// The integer stored under `key` in an event's data.
inline std::int64_t field(const core::Event& event, const char* key) {
    return event.data().at(key).to_number<std::int64_t>();
}

/// The "seq" fields of what `listener` handled, in the order it handled them.
inline std::vector<std::int64_t> handled_seqs(const RecordingListener& listener) {
    std::vector<std::int64_t> seqs;
    for (const auto& event : listener.events()) seqs.push_back(field(event, "seq"));
    return seqs;
}

}  // namespace liquid_energy::test
