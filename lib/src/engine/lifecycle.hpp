#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>

#include "admission.hpp"
#include "liquid_energy/core/timer_handle.hpp"

namespace liquid_energy::core::detail {

/// An engine's state (created, running, stopping, stopped), the threads it owns, and who waits
/// for it to drain or to go idle. It reads the backlog from Admission and wakes the producers
/// waiting there when it stops; the engine tells it when the backlog empties (`on_idle`).
class Lifecycle {
  public:
    /// What stopping an engine never started runs: it releases the held events and takes them
    /// out of Admission's backlog, since nothing would ever route them.
    using DiscardHeld = std::function<void()>;

    /// Owns an io_context run by `threads` threads (zero: one per hardware thread).
    Lifecycle(std::size_t threads, Admission& admission, DiscardHeld discard_held);
    /// Runs on a caller's executor; owns no thread. Throws std::invalid_argument when it is empty.
    Lifecycle(boost::asio::any_io_executor executor, Admission& admission,
              DiscardHeld discard_held);
    ~Lifecycle();

    Lifecycle(const Lifecycle&) = delete;
    Lifecycle& operator=(const Lifecycle&) = delete;

    const boost::asio::any_io_executor& executor() const noexcept { return executor_; }
    bool is_running() const noexcept { return state_.load() == State::running; }
    /// Whether start() was ever called: until then accepted events are held.
    bool started() const noexcept { return state_.load() != State::created; }
    /// Whether a put now is taken: running or never started, or a handler's while it drains.
    bool accepting() const noexcept;
    /// Whether the calling thread runs a handler of this engine or a thread of its executor.
    bool running_in_this_thread() const;
    /// Whether polling for work would hold up nothing else: owned threads, two or more.
    bool has_spare_thread() const noexcept { return owned_context_ && thread_count_ >= 2; }

    /// Returns whether it started the engine now (false when it was running already).
    bool start();
    /// Stops accepting, waits for the backlog to drain (unless called on an engine thread) and
    /// joins the threads. An engine never started discards what it holds instead.
    void stop();
    void async_stop(boost::asio::any_completion_handler<void()> handler);
    void async_wait_idle(boost::asio::any_completion_handler<void()> handler);
    /// The EventEngine handle is gone: stops, without waiting when on an engine thread.
    void release();
    /// The backlog just became empty.
    void on_idle();
    /// Cancels the running heartbeat, if any, and keeps `heartbeat` as the new one.
    void replace_heartbeat(TimerHandle heartbeat);

  private:
    enum class State { created, running, stopping, stopped };

    void discard_unstarted_locked();
    void complete_idle_waiters();
    void complete_idle_waiters_locked();
    void begin_stop_locked();
    void finish_drain_locked();
    void complete_stop_locked();
    void post_completion_now(boost::asio::any_completion_handler<void()> handler) const;
    void wait_drained(std::unique_lock<std::mutex>& lock);
    void join_threads(std::unique_lock<std::mutex>& lock);
    void spawn_threads();
    void stop_owned_context();
    /// Runs what an owned context still holds after its last stop, once no start can follow.
    void run_stranded_work();
    bool context_stopped() const;

    Admission& admission_;
    const DiscardHeld discard_held_;
    std::shared_ptr<boost::asio::io_context> owned_context_;
    boost::asio::any_io_executor executor_;
    boost::asio::any_io_executor work_;
    std::size_t thread_count_;
    std::vector<std::thread> threads_;

    mutable std::mutex mutex_;
    std::condition_variable drained_;
    std::atomic<State> state_{State::created};
    std::vector<boost::asio::any_completion_handler<void()>> stop_waiters_;
    std::vector<boost::asio::any_completion_handler<void()>> idle_waiters_;
    std::atomic<bool> idle_awaited_{false};
    TimerHandle heartbeat_;
};

}  // namespace liquid_energy::core::detail
