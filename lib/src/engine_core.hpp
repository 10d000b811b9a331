#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/signals2/signal.hpp>

#include "liquid_energy/core/engine_options.hpp"
#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/core/timer_handle.hpp"
#include "listener_slot.hpp"

namespace liquid_energy::core::detail {

/// Marks the current thread as running a handler of `core` for as long as it lives.
class HandlerScope {
  public:
    explicit HandlerScope(const EngineCore& core) noexcept;
    ~HandlerScope();
    HandlerScope(const HandlerScope&) = delete;
    HandlerScope& operator=(const HandlerScope&) = delete;

    /// Whether the current thread is inside a handler of `core`.
    static bool inside(const EngineCore& core) noexcept;

  private:
    const EngineCore* previous_;
};

/// The engine behind an EventEngine handle. Shared with the work it posts, so that work queued
/// on a caller's executor never outlives what it touches.
class EngineCore : public std::enable_shared_from_this<EngineCore> {
  public:
    explicit EngineCore(EngineOptions options);
    EngineCore(boost::asio::any_io_executor executor, EngineOptions options);
    ~EngineCore();

    void register_listener(std::shared_ptr<EventListener> listener);
    bool unregister_listener(const std::shared_ptr<EventListener>& listener);
    std::vector<std::shared_ptr<EventListener>> listeners() const;

    bool put(Event event);
    void start();
    void stop();
    void async_stop(boost::asio::any_completion_handler<void()> handler);
    void async_wait_idle(boost::asio::any_completion_handler<void()> handler);
    /// Called by the EventEngine handle's destructor.
    void release();
    bool is_running() const noexcept { return state_.load() == State::running; }
    EngineStats stats() const noexcept;
    const EngineOptions& options() const noexcept { return options_; }
    /// Cancels the running heartbeat, if any, and keeps `heartbeat` as the new one.
    void replace_heartbeat(TimerHandle heartbeat);
    const boost::asio::any_io_executor& executor() const noexcept { return executor_; }

    /// Called by listener slots at the end of each batch.
    void record(const BatchTally& tally) noexcept;
    void complete_deliveries(std::size_t count);
    void report_failure(const Event& event, const std::string& listener, std::string_view what);

  private:
    enum class State { created, running, stopping, stopped };
    using SlotList = std::vector<std::shared_ptr<ListenerSlot>>;
    using Registry = boost::signals2::signal<void(SlotList&)>;

    /// Counts a put as in flight for its whole duration, so that stop() waits for it.
    class PutInFlight;

    bool accepting() const noexcept;
    bool put_outside_running(Event event);
    void dispatch(Event event);
    void publish_snapshot();
    std::shared_ptr<const SlotList> snapshot() const;
    std::shared_ptr<ListenerSlot> find_slot(const EventListener& listener) const;
    bool running_in_this_thread() const;
    bool context_stopped() const;
    void finish_drain();
    void finish_drain_locked();
    void begin_stop_locked();
    void complete_stop_locked();
    void post_completion_now(boost::asio::any_completion_handler<void()> handler) const;
    void complete_idle_waiters();
    void wait_drained(std::unique_lock<std::mutex>& lock);
    void join_threads(std::unique_lock<std::mutex>& lock);
    void spawn_threads();
    void stop_owned_context();

    EngineOptions options_;
    std::shared_ptr<boost::asio::io_context> owned_context_;
    boost::asio::any_io_executor executor_;
    boost::asio::any_io_executor work_;
    std::size_t thread_count_;
    std::vector<std::thread> threads_;

    mutable std::mutex lifecycle_mutex_;
    std::condition_variable drained_;
    std::atomic<State> state_{State::created};
    std::vector<Event> held_;
    std::vector<boost::asio::any_completion_handler<void()>> stop_waiters_;
    TimerHandle heartbeat_;
    std::vector<boost::asio::any_completion_handler<void()>> idle_waiters_;
    std::atomic<bool> idle_awaited_{false};
    std::atomic<std::uint64_t> in_flight_{0};

    mutable std::mutex registry_mutex_;
    Registry registry_;
    // Guards the snapshot and each fan-out of an event to its listeners' mailboxes.
    mutable std::mutex dispatch_mutex_;
    std::shared_ptr<const SlotList> snapshot_;

    std::atomic<std::uint64_t> accepted_{0};
    std::atomic<std::uint64_t> rejected_{0};
    std::atomic<std::uint64_t> handled_{0};
    std::atomic<std::uint64_t> failed_{0};
    std::atomic<std::uint64_t> filtered_{0};
    std::atomic<std::uint64_t> discarded_{0};
};

}  // namespace liquid_energy::core::detail
