#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "cache_line.hpp"
#include "liquid_energy/core/engine_options.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "room_waiter.hpp"
#include "type_policies.hpp"

namespace liquid_energy::core::detail {

/// What admission asks the engine about the moment of a put. Asked only when a limit is reached.
class AdmissionContext {
  public:
    /// Whether the engine takes events now (running, or a handler putting while it drains).
    virtual bool accepting() const = 0;
    /// Whether the calling thread is one the engine needs to make room.
    virtual bool on_engine_thread() const = 0;
    /// Whether a listener that `type` is routed to is at its own limit.
    virtual bool routed_listener_overloaded(EventType type) const = 0;

  protected:
    ~AdmissionContext() = default;
};

/// Whether an event may enter the engine: the engine-wide backlog (accepted events not yet
/// routed plus deliveries not yet handled), the listeners at their own limits, the per-type
/// overflow policies, and the producers waiting for room. It knows no thread, no executor and
/// no listener: the engine asks it, and reports to it what leaves the backlog.
class Admission {
  public:
    enum class Verdict { admitted, refused, must_wait };
    /// Who would wait for room: the calling thread, or an asynchronous operation.
    enum class Waiter { this_thread, async };
    using Clock = std::chrono::steady_clock;

    /// Throws std::invalid_argument for the policies TypePolicies refuses.
    explicit Admission(const EngineOptions& options);

    const TypePolicies::Treatment& treatment(EventType type) const noexcept {
        return policies_.of(type);
    }

    /// Counts one event into the backlog and returns the backlog before it. Done before the
    /// engine checks that it accepts, so that a stop that follows waits for this event.
    std::uint64_t count_in() noexcept { return in_flight_.fetch_add(1); }
    /// Adds deliveries to the backlog (one event routed to several listeners).
    void add(std::uint64_t count) noexcept { note_backlog(in_flight_.fetch_add(count) + count); }
    /// Notes the backlog an admitted event made: `backlog` is what `count_in` returned for it.
    void admitted(std::uint64_t backlog) noexcept { note_backlog(backlog + 1); }
    /// Takes `count` out of the backlog and tells the waiting producers; returns whether the
    /// backlog is now empty.
    bool complete(std::uint64_t count);
    std::uint64_t backlog() const noexcept { return in_flight_.load(); }

    /// Decides for an event counted in with `count_in`, which returned `backlog`.
    Verdict decide(EventType type, std::uint64_t backlog, Waiter waiter,
                   const AdmissionContext& context) const {
        if (backlog < max_backlog_ && overloaded_listeners_.load(std::memory_order_relaxed) == 0) {
            return Verdict::admitted;
        }
        return decide_at_limit(type, backlog, waiter, context);
    }
    /// Blocks the calling thread until `type` may have room, the engine stops accepting, or
    /// `deadline` passes; returns false on the deadline.
    bool wait_for_room(EventType type, Clock::time_point deadline, const AdmissionContext& context);
    /// Tells `waiter` once when room may have come free for `type`, or the engine stops accepting.
    void wait_for_room_async(std::shared_ptr<RoomWaiter> waiter, EventType type,
                             const AdmissionContext& context);
    /// Wakes every waiting producer to look again.
    void notify_room();

    /// A listener reached (true) or left (false) its own limit.
    void listener_overloaded(bool overloaded);

    std::uint64_t peak_backlog() const noexcept {
        return peak_backlog_.load(std::memory_order_relaxed);
    }
    std::size_t waiting_producers() const noexcept {
        return waiting_producers_.load(std::memory_order_relaxed);
    }

  private:
    Verdict decide_at_limit(EventType type, std::uint64_t backlog, Waiter waiter,
                            const AdmissionContext& context) const;
    bool has_room(EventType type, Waiter waiter, const AdmissionContext& context) const;
    // Noted only where the backlog is known to be of accepted work: the counter itself also
    // holds, for a moment, each put that is being refused.
    void note_backlog(std::uint64_t backlog) noexcept {
        if (backlog > peak_backlog_.load(std::memory_order_relaxed)) {
            peak_backlog_.store(backlog, std::memory_order_relaxed);
        }
    }

    const std::uint64_t max_backlog_;
    const Clock::duration spin_;
    const TypePolicies policies_;

    // Every put and every batch writes it: a cache line of its own, apart from the policies
    // each put reads.
    alignas(cache_line_size) std::atomic<std::uint64_t> in_flight_{0};
    std::atomic<std::uint64_t> peak_backlog_{0};
    std::atomic<std::size_t> overloaded_listeners_{0};

    // Producers waiting for room under OverflowPolicy::block.
    std::mutex room_mutex_;
    std::condition_variable room_;
    std::vector<std::shared_ptr<RoomWaiter>> room_waiters_;
    std::atomic<std::size_t> waiting_producers_{0};
};

}  // namespace liquid_energy::core::detail
