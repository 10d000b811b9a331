#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "admission.hpp"
#include "delivery_ledger.hpp"
#include "event_record.hpp"
#include "ingress_queue.hpp"
#include "listener_slot.hpp"
#include "mailbox.hpp"
#include "routing_board.hpp"

namespace liquid_energy::core::detail {

/// Moves accepted events from the lock-free ingress to the mailboxes of the listeners routed for
/// them. One run at a time, posted to the engine's executor: it drains the ingress in rounds,
/// hands each listener the round's events in one append, and schedules the batches of listeners
/// that were idle. Being the only consumer of the ingress is what orders the engine: events reach
/// every listener in the order they were routed, so an event put by a handler, which enters the
/// ingress after its cause was routed, reaches every listener after its cause.
///
/// Batches always run on their listener's strand. After a round that woke listeners, the run
/// posts their batches but one, gives routing up (idle, so that the next put starts a run on
/// another thread, or to its posted continuation when events wait) and dispatches that one batch
/// on its strand, which runs it here: no thread wake-up between put and handle, and a handler
/// that blocks holds up no routing. Between rounds it polls for new events for up to `spin` (with
/// sched_yield, so a thread of the same core still runs) before it lets its thread go, and it gives
/// the thread up at once while posted batches wait for one.
///
/// It reads the listeners from `routing`, counts the extra deliveries of an event in `admission`,
/// accounts in `ledger` and runs on the ledger's executor; it calls nothing else.
class Dispatcher {
  public:
    Dispatcher(const RoutingBoard& routing, Admission& admission, DeliveryLedger& ledger,
               std::optional<ConflationRule> conflation, std::chrono::steady_clock::duration spin);
    /// Releases what the ingress still holds.
    ~Dispatcher();

    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    /// What owns this dispatcher and the units it was given: each posted run keeps it alive.
    /// Set once, before the first wake.
    void keep_alive_with(std::weak_ptr<const void> owner) { owner_ = std::move(owner); }

    /// Producer side, thread-safe. The event is already counted in flight.
    void push(EventRecord* record, Lane lane);
    /// Producer side, after `push`: makes sure a run will see the event. Also starts the first run.
    void wake();
    /// Releases every event still in the ingress without routing it; returns how many. Only when no
    /// run can happen (an engine never started).
    std::size_t discard_queued();

  private:
    struct Staging {
        std::vector<EventRecord*> urgent;
        std::vector<EventRecord*> normal;
    };

    void post_run();
    void run();
    std::size_t route_round();
    void route(IngressNode* node, Lane lane);
    /// Delivers what the round staged and posts the batches it woke but one, which it keeps for
    /// run_handed_batch, while the routing table that holds their listeners is still current.
    void flush();
    void deliver_staged();
    /// Runs (or posts) the batch the round kept without holding up routing; returns whether this
    /// run is still the one that routes.
    bool run_handed_batch();
    void refresh_routing();
    bool go_idle();

    const RoutingBoard& routing_board_;
    Admission& admission_;
    DeliveryLedger& ledger_;
    const std::optional<ConflationRule> conflation_;
    const std::chrono::steady_clock::duration spin_;
    const boost::asio::any_io_executor executor_;
    std::weak_ptr<const void> owner_;

    IngressQueue urgent_;
    IngressQueue normal_;
    std::atomic<bool> scheduled_{false};

    // Touched only by the run in progress.
    std::shared_ptr<const RoutingTable> routing_;
    std::uint64_t routing_version_ = 0;
    std::vector<Staging> staging_;
    std::vector<std::uint32_t> touched_;
    std::vector<ListenerSlot*> woken_;
    std::shared_ptr<ListenerSlot> handed_batch_;
    std::uint64_t added_deliveries_ = 0;
    std::uint64_t finished_deliveries_ = 0;
};

}  // namespace liquid_energy::core::detail
