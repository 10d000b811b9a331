#include "admission.hpp"

#include <algorithm>
#include <thread>
#include <utility>

namespace liquid_energy::core::detail {

Admission::Admission(const EngineOptions& options)
    : max_backlog_(options.max_backlog), spin_(options.dispatcher_spin), policies_(options) {}

bool Admission::complete(std::uint64_t count) {
    const bool idle = in_flight_.fetch_sub(count) == count;
    notify_room();
    return idle;
}

Admission::Verdict Admission::decide_at_limit(EventType type, std::uint64_t backlog, Waiter waiter,
                                              const AdmissionContext& context) const {
    const bool engine_full = backlog >= max_backlog_;
    const BacklogPolicy& policy = policies_.of(type).policy;
    const bool listener_full = policy.overflow != OverflowPolicy::conflate &&
                               overloaded_listeners_.load(std::memory_order_relaxed) != 0 &&
                               context.routed_listener_overloaded(type);
    if (!engine_full && !listener_full) return Verdict::admitted;
    if (policy.overflow == OverflowPolicy::reject) return Verdict::refused;
    // A handler, or anything else on a thread the engine needs, waiting for room could be
    // waiting for itself; an asynchronous wait holds no thread.
    if (waiter == Waiter::this_thread && context.on_engine_thread()) return Verdict::admitted;
    return Verdict::must_wait;
}

bool Admission::has_room(EventType type, Waiter waiter, const AdmissionContext& context) const {
    return !context.accepting() ||
           decide(type, in_flight_.load(), waiter, context) == Verdict::admitted;
}

bool Admission::wait_for_room(EventType type, Clock::time_point deadline,
                              const AdmissionContext& context) {
    const auto room = [&] { return has_room(type, Waiter::async, context); };
    // A backlog usually clears within microseconds: poll briefly before sleeping.
    const auto spin_until = std::min(deadline, Clock::now() + spin_);
    while (Clock::now() < spin_until) {
        if (room()) return true;
        std::this_thread::yield();
    }
    std::unique_lock lock(room_mutex_);
    waiting_producers_.fetch_add(1);
    const bool found = room_.wait_until(lock, deadline, room);
    waiting_producers_.fetch_sub(1);
    return found;
}

void Admission::wait_for_room_async(std::shared_ptr<RoomWaiter> waiter, EventType type,
                                    const AdmissionContext& context) {
    {
        std::lock_guard lock(room_mutex_);
        waiting_producers_.fetch_add(1);
        room_waiters_.push_back(std::move(waiter));
    }
    // Room that came free between the waiter's refusal and its registration was announced to
    // nobody.
    if (has_room(type, Waiter::async, context)) notify_room();
}

void Admission::notify_room() {
    if (waiting_producers_.load() == 0) return;
    std::vector<std::shared_ptr<RoomWaiter>> woken;
    {
        // Taken so that a producer between its check and its wait cannot miss the notification.
        std::lock_guard lock(room_mutex_);
        woken.swap(room_waiters_);
        waiting_producers_.fetch_sub(woken.size());
    }
    room_.notify_all();
    for (const auto& waiter : woken) waiter->room_may_be_free();
}

void Admission::listener_overloaded(bool overloaded) {
    if (overloaded) {
        overloaded_listeners_.fetch_add(1);
        return;
    }
    overloaded_listeners_.fetch_sub(1);
    notify_room();
}

}  // namespace liquid_energy::core::detail
