#pragma once

#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "liquid_energy/core/engine_options.hpp"
#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_listener.hpp"

namespace liquid_energy::core {

namespace detail {
class EngineCore;
}

/// Moves events from producers to the listeners registered for their type.
///
/// Every event reaches every listener registered for its type exactly once; per listener, the
/// events put from one thread are handled in put order. Each listener runs on its own strand:
/// listeners run in parallel, a listener never runs concurrently with itself.
///
/// All member functions are thread-safe and may be called from inside `handle_event`.
class EventEngine {
  public:
    using executor_type = boost::asio::any_io_executor;

    /// Owns an io_context and `options.threads` worker threads, created by `start()`.
    explicit EventEngine(EngineOptions options = {});
    /// Runs on the caller's executor and creates no threads: whoever runs its execution context
    /// drives the engine, with one thread or many.
    explicit EventEngine(executor_type executor, EngineOptions options = {});

    /// Stops (as `stop()`) and releases the engine. From inside one of its own handlers it cannot
    /// wait for that handler: the queued events are still delivered and the worker threads exit
    /// by themselves once the backlog is drained.
    ~EventEngine();

    EventEngine(const EventEngine&) = delete;
    EventEngine& operator=(const EventEngine&) = delete;

    /// Events put after this returns reach the listener. Throws std::invalid_argument for a null
    /// listener or a name already registered.
    void register_listener(std::shared_ptr<EventListener> listener);

    /// Returns false if the listener was not registered. Once it returns, no new `handle_event`
    /// call starts for that listener, even for events already queued, and a call running on
    /// another thread has finished. From inside any handler of this engine it cannot wait
    /// without risking a deadlock, so it returns at once: no further call starts, and one
    /// already running on another thread may still be finishing.
    bool unregister_listener(const std::shared_ptr<EventListener>& listener);

    /// The registered listeners, in registration order.
    std::vector<std::shared_ptr<EventListener>> get_listeners() const;

    /// Publishes an event. Before the first `start()` the event is kept and delivered once
    /// started. Returns false, and counts the event in `stats().rejected`, when the engine is
    /// stopping or stopped; a handler of this engine may still put while the engine drains, so
    /// that the consequences of the last events are delivered before `stop()` returns.
    bool put(Event event);

    /// Starts delivering. Does nothing if running. Works again after `stop()`.
    void start();

    /// Refuses further events, waits until every event accepted before it has been handled by
    /// its listeners, then joins the worker threads. Does nothing if not running. From a thread
    /// that runs the engine's executor (a handler, or the caller's io_context) it cannot wait:
    /// it refuses further events and returns at once, and the drain completes in the background.
    void stop();

    /// True between `start()` and `stop()`.
    bool is_running() const noexcept;

    EngineStats stats() const noexcept;

    executor_type get_executor() const noexcept;

  private:
    std::shared_ptr<detail::EngineCore> core_;
};

}  // namespace liquid_energy::core
