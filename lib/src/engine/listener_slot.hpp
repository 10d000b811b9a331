#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>
#include <boost/signals2/connection.hpp>

#include "delivery_ledger.hpp"
#include "event_record.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/core/listener_stats.hpp"
#include "liquid_energy/core/put_status.hpp"
#include "mailbox.hpp"
#include "outcome_counters.hpp"

namespace liquid_energy::core::detail {

/// Which events a listener at its limit conflates, and by which payload field.
struct ConflationRule {
    EventType type;
    std::string key;
};

/// A registered listener: its mailbox, its strand and its counters. The dispatcher appends to the
/// mailbox; the first append to an idle mailbox schedules one batch, which handles what waits,
/// urgent lane first, up to `max_batch` events, then schedules the next if more waits. At most
/// one batch of a listener is scheduled or running at a time, always on its strand, so it never
/// runs concurrently with itself. It accounts for what its batches did in the engine's ledger,
/// which every scheduled batch keeps alive.
class ListenerSlot : public std::enable_shared_from_this<ListenerSlot> {
  public:
    /// The most events a batch takes from a lane at once.
    static constexpr std::size_t max_batch = 64;

    ListenerSlot(std::shared_ptr<EventListener> listener, std::size_t max_backlog,
                 const std::shared_ptr<DeliveryLedger>& ledger);
    ~ListenerSlot();

    const std::shared_ptr<EventListener>& listener() const noexcept { return listener_; }
    bool routes(EventType type) const { return listener_->can_handle_event_type(type); }

    /// Dispatcher only: queues events already counted in flight. Once the listener is at its
    /// limit, normal-lane events that `rule` (if any) names replace their waiting namesakes.
    /// Returns whether the listener was idle, i.e. whether the caller must now run or post its
    /// batch. Adds the records replaced by conflation to `conflated`.
    bool deliver(std::span<EventRecord* const> urgent, std::span<EventRecord* const> normal,
                 const ConflationRule* rule, std::uint64_t& conflated);

    void post_batch();
    /// Runs the batch at once when called on a thread of the engine and the strand is free;
    /// posts it otherwise.
    void dispatch_batch();

    /// No handle_event call starts after this. With `wait`, also waits for a running call.
    void deactivate(bool wait);

    bool overloaded() const noexcept { return overloaded_.load(std::memory_order_acquire); }
    /// Counts a put refused while this listener was a destination.
    void count_rejected(PutStatus reason) noexcept { outcomes_.count_rejected(reason); }
    ListenerStats stats() const;

    /// Registration in the engine's Signals2 registry; disconnected on unregistration.
    boost::signals2::scoped_connection connection;

  private:
    static constexpr unsigned active_bit = 1;
    static constexpr unsigned running_bit = 2;

    /// The handler that runs one batch, counted as queued until it starts.
    auto batch();
    void run_batch();
    bool urgent_waiting() const noexcept { return urgent_waiting_.load(std::memory_order_relaxed); }
    std::size_t take(Lane lane, std::span<EventRecord*> out);
    void handle(std::span<EventRecord* const> events, BatchTally& tally);
    /// Up to `max_batch` waiting urgent events: called before each normal event.
    void handle_urgent(BatchTally& tally);
    void deliver_one(EventRecord* record, BatchTally& tally);
    void finish_batch(const BatchTally& tally);
    void update_overload();
    bool conflatable(std::size_t backlog) const noexcept { return backlog >= max_backlog_; }

    const std::shared_ptr<EventListener> listener_;
    const std::size_t max_backlog_;
    DeliveryLedger& ledger_;
    // Weak: the ledger's owner holds this slot.
    const std::weak_ptr<DeliveryLedger> ledger_owner_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;

    std::mutex mailbox_mutex_;
    Mailbox mailbox_;
    bool batch_scheduled_ = false;
    std::atomic<bool> urgent_waiting_{false};
    std::atomic<unsigned> state_{active_bit};

    std::atomic<bool> overloaded_{false};
    std::atomic<std::uint64_t> backlog_{0};
    std::atomic<std::uint64_t> peak_backlog_{0};
    std::atomic<std::uint64_t> delivered_{0};
    OutcomeCounters outcomes_;
};

}  // namespace liquid_energy::core::detail
