#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/signals2/signal.hpp>

#include "admission.hpp"
#include "cache_line.hpp"
#include "delivery_ledger.hpp"
#include "dispatcher.hpp"
#include "handler_scope.hpp"
#include "lifecycle.hpp"
#include "liquid_energy/core/engine_options.hpp"
#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/core/listener_options.hpp"
#include "liquid_energy/core/listener_stats.hpp"
#include "liquid_energy/core/put_status.hpp"
#include "liquid_energy/core/timer_handle.hpp"
#include "listener_slot.hpp"
#include "room_waiter.hpp"
#include "routing_board.hpp"

namespace liquid_energy::core::detail {

/// The engine behind an EventEngine handle. Shared with the work it posts, so that work queued
/// on a caller's executor never outlives what it touches.
///
/// Admission's backlog counts accepted events not yet routed plus deliveries not yet handled: a
/// put counts its event in before it checks the state (so `stop()` waits for it), the dispatcher
/// turns each event into one count per listener, and each listener counts down once per batch.
/// Zero means idle.
class EngineCore final : public std::enable_shared_from_this<EngineCore>, private AdmissionContext {
    /// Lets only create() construct one.
    struct CreateKey {
        explicit CreateKey() = default;
    };

  public:
    /// Takes the constructor's arguments after the key. The engine is always shared: the
    /// dispatcher's runs posted to the executor keep it alive.
    template <typename... Args>
    static std::shared_ptr<EngineCore> create(Args&&... args) {
        auto core = std::make_shared<EngineCore>(CreateKey{}, std::forward<Args>(args)...);
        core->dispatcher_.keep_alive_with(core);
        return core;
    }

    EngineCore(CreateKey, EngineOptions options);
    EngineCore(CreateKey, boost::asio::any_io_executor executor, EngineOptions options);

    void register_listener(std::shared_ptr<EventListener> listener, ListenerOptions options);
    bool unregister_listener(const std::shared_ptr<EventListener>& listener);
    std::vector<std::shared_ptr<EventListener>> listeners() const;
    std::vector<ListenerStats> listener_stats() const;

    PutStatus put(Event event);
    /// Admits or refuses `record` without waiting; nullopt, keeping the record, when its type's
    /// policy says to wait for room.
    std::optional<PutStatus> try_put(EventRecord* record);
    /// Tells `waiter` once when room may have come free for an event of `type`, or the engine
    /// stops accepting.
    void wait_for_room_async(std::shared_ptr<RoomWaiter> waiter, EventType type);
    std::chrono::steady_clock::duration block_timeout_of(EventType type) const {
        return admission_.treatment(type).policy.block_timeout;
    }
    PutStatus refuse_timed_out(EventRecord* record) { return refuse(record, PutStatus::timed_out); }
    void start();
    void stop() { lifecycle_.stop(); }
    void async_stop(boost::asio::any_completion_handler<void()> handler) {
        lifecycle_.async_stop(std::move(handler));
    }
    void async_wait_idle(boost::asio::any_completion_handler<void()> handler) {
        lifecycle_.async_wait_idle(std::move(handler));
    }
    /// Called by the EventEngine handle's destructor.
    void release() { lifecycle_.release(); }
    bool is_running() const noexcept { return lifecycle_.is_running(); }
    EngineStats stats() const noexcept;
    const EngineOptions& options() const noexcept { return options_; }
    /// Cancels the running heartbeat, if any, and keeps `heartbeat` as the new one.
    void replace_heartbeat(TimerHandle heartbeat) {
        lifecycle_.replace_heartbeat(std::move(heartbeat));
    }
    const boost::asio::any_io_executor& executor() const noexcept { return lifecycle_.executor(); }

  private:
    using Registry = boost::signals2::signal<void(RoutingTable::Slots&)>;
    using Clock = std::chrono::steady_clock;

    bool accepting() const override { return lifecycle_.accepting(); }
    bool on_engine_thread() const override { return lifecycle_.running_in_this_thread(); }
    bool routed_listener_overloaded(EventType type) const override;
    std::optional<PutStatus> admit(EventRecord* record, Admission::Waiter waiter);
    PutStatus refuse(EventRecord* record, PutStatus reason);
    void publish_routing();
    std::shared_ptr<const RoutingTable> routing() const { return routing_board_.current(); }
    std::shared_ptr<ListenerSlot> find_slot(const EventListener& listener) const;
    /// Releases what an engine never started holds; nothing would ever route it.
    void discard_held();

    EngineOptions options_;
    Admission admission_;
    // Before the listener slots, whose strands run on its io_context.
    Lifecycle lifecycle_;
    DeliveryLedger ledger_;

    mutable std::mutex registry_mutex_;
    Registry registry_;
    RoutingBoard routing_board_;

    // Declared after everything it uses.
    Dispatcher dispatcher_;

    // Written by producers, apart from the ledger that the listeners' batches write.
    alignas(cache_line_size) std::atomic<std::uint64_t> accepted_{0};
};

}  // namespace liquid_energy::core::detail
