#pragma once

#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/json/object.hpp>

#include "liquid_energy/core/engine_options.hpp"
#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/core/listener_options.hpp"
#include "liquid_energy/core/listener_stats.hpp"
#include "liquid_energy/core/put_status.hpp"
#include "liquid_energy/core/timer_handle.hpp"

namespace liquid_energy::core {

namespace detail {
class EngineCore;
}

/// Moves events from producers to the listeners registered for their type.
///
/// Every accepted event reaches every listener registered for its type exactly once; per
/// listener, the events of a type put from one thread are handled in put order, and an event put
/// by a handler reaches every listener after the event that handler was handling (cause before
/// effect). Each listener runs on its own strand: listeners run in parallel, a listener never
/// runs concurrently with itself.
///
/// Memory is bounded: beyond `EngineOptions::max_backlog` (engine-wide) or a listener's limit,
/// `put` applies the overflow policy of the event's type (see BacklogPolicy), and urgent types
/// (`EngineOptions::urgent_types`) overtake what waits. Inside, events flow through a lock-free
/// ingress to one dispatcher, which appends them in batches to each listener's mailbox.
///
/// All member functions are thread-safe and may be called from inside `handle_event`.
class EventEngine {
  public:
    using executor_type = boost::asio::any_io_executor;

    // Overloads rather than default arguments: GCC 12 miscompiles a default-argument temporary
    // that owns memory (EngineOptions holds strings) in a full-expression that also co_awaits,
    // as in `EventEngine engine(co_await asio::this_coro::executor);`.

    /// Owns an io_context and one worker thread per hardware thread, created by `start()`.
    EventEngine();
    /// Owns an io_context and `options.threads` worker threads, created by `start()`.
    explicit EventEngine(EngineOptions options);
    /// Runs on the caller's executor and creates no threads: whoever runs its execution context
    /// drives the engine, with one thread or many.
    explicit EventEngine(executor_type executor);
    explicit EventEngine(executor_type executor, EngineOptions options);

    /// Stops (as `stop()`) and releases the engine. From inside one of its own handlers it cannot
    /// wait for that handler: the queued events are still delivered and the worker threads exit
    /// by themselves once the backlog is drained.
    ~EventEngine();

    EventEngine(const EventEngine&) = delete;
    EventEngine& operator=(const EventEngine&) = delete;

    /// Events put after this returns reach the listener. Throws std::invalid_argument for a null
    /// listener or a name already registered.
    void register_listener(std::shared_ptr<EventListener> listener, ListenerOptions options = {});

    /// Returns false if the listener was not registered. Once it returns, no new `handle_event`
    /// call starts for that listener, even for events already queued, and a call running on
    /// another thread has finished. From inside any handler of this engine it cannot wait
    /// without risking a deadlock, so it returns at once: no further call starts, and one
    /// already running on another thread may still be finishing.
    bool unregister_listener(const std::shared_ptr<EventListener>& listener);

    /// The registered listeners, in registration order.
    std::vector<std::shared_ptr<EventListener>> get_listeners() const;

    /// The counters of each registered listener, in registration order.
    std::vector<ListenerStats> listener_stats() const;

    /// Publishes an event; returns whether it was accepted (see `put_with_status`).
    bool put(Event event) { return put_with_status(std::move(event)) == PutStatus::accepted; }

    /// Publishes an event and says what became of it. Before the first `start()` the event is
    /// kept and delivered once started. Refused, and counted in `stats().rejected_by` and in the
    /// `rejected_by` of each listener of its type:
    /// - PutStatus::stopped while the engine stops or is stopped; a handler of this engine may
    ///   still put while the engine drains, so that the consequences of the last events are
    ///   delivered before `stop()` returns;
    /// - PutStatus::backlog_full or PutStatus::timed_out when a backlog the event would join is
    ///   at its limit, as its type's OverflowPolicy says. Only `block` waits, never inside a
    ///   handler of this engine.
    /// Throws std::invalid_argument for a moved-from event.
    PutStatus put_with_status(Event event);

    /// Publishes an event as `put_with_status` does, but where its type's policy is `block` and
    /// a backlog is full, the operation waits for room (up to `block_timeout`) instead of the
    /// caller's thread: a coroutine or callback producer, or a handler of this engine, is
    /// suspended rather than blocked. Completion signature `void(PutStatus)`, run on its
    /// associated executor (the engine's by default), never inside this call. Events put this way
    /// keep their order only if each waits for the previous one's completion. Throws
    /// std::invalid_argument for a moved-from event.
    template <boost::asio::completion_token_for<void(PutStatus)> CompletionToken =
                  boost::asio::deferred_t>
    auto async_put(Event event, CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, void(PutStatus)>(
            [this](auto handler, Event event) {
                async_put_impl(std::move(event), std::move(handler));
            },
            token, std::move(event));
    }

    /// Publishes an event of `type` with a copy of `data` (plus `"tick": n`) every `interval`, on
    /// the engine's executor, until cancelled through the handle or until the engine refuses a
    /// tick (see EventTimer). Throws std::invalid_argument when `interval` is not positive.
    TimerHandle add_timer(std::chrono::steady_clock::duration interval, EventType type,
                          boost::json::object data = {});

    /// Starts delivering, and the heartbeat if the options ask for one. Does nothing if running.
    /// Works again after `stop()`.
    void start();

    /// Refuses further events, waits until every event accepted before it has been handled by
    /// its listeners, then stops the owned io_context (other Asio work queued on it resumes at
    /// the next `start()`) and joins the worker threads. Before the first `start()` it discards
    /// the events held (counted as discarded) and refuses later ones. From a thread
    /// that runs the engine's executor (a handler, or the caller's io_context) it cannot wait:
    /// it refuses further events and returns at once, and the drain completes in the background.
    void stop();

    /// Stops without blocking a thread: refuses further events and completes once every event
    /// accepted before it has been handled, so it may be used from a handler or from a thread
    /// that runs the engine's executor. Completion signature `void()`; the completion runs on its
    /// associated executor (the engine's by default), never inside this call, and at once if the
    /// engine is not running. An engine that owns its threads joins them in the next `start()`,
    /// `stop()` or its destructor.
    template <boost::asio::completion_token_for<void()> CompletionToken = boost::asio::deferred_t>
    auto async_stop(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, void()>(
            [this](auto handler) { async_stop_impl(std::move(handler)); }, token);
    }

    /// Completes the next time no accepted event is waiting for or inside a handler, e.g. to
    /// replay a feed in lockstep or to flush before reading results. Completion signature
    /// `void()`, run on its associated executor (the engine's by default), never inside this call.
    /// New events put meanwhile delay it; a handler that always puts another keeps it waiting.
    template <boost::asio::completion_token_for<void()> CompletionToken = boost::asio::deferred_t>
    auto async_wait_idle(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, void()>(
            [this](auto handler) { async_wait_idle_impl(std::move(handler)); }, token);
    }

    /// True between `start()` and `stop()`.
    bool is_running() const noexcept;

    EngineStats stats() const noexcept;

    executor_type get_executor() const noexcept;

  private:
    void async_put_impl(Event event, boost::asio::any_completion_handler<void(PutStatus)> handler);
    void async_stop_impl(boost::asio::any_completion_handler<void()> handler);
    void async_wait_idle_impl(boost::asio::any_completion_handler<void()> handler);
    void start_heartbeat();

    std::shared_ptr<detail::EngineCore> core_;
};

}  // namespace liquid_energy::core
