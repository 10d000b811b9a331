#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>
#include <boost/signals2/connection.hpp>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_listener.hpp"

namespace liquid_energy::core::detail {

class EngineCore;
using EventPtr = std::shared_ptr<const Event>;

/// What one batch of a listener did, added to the engine's counters once per batch.
struct BatchTally {
    std::uint64_t handled = 0;
    std::uint64_t failed = 0;
    std::uint64_t filtered = 0;
    std::uint64_t discarded = 0;
};

/// A registered listener: its mailbox and its strand. Producers append to the mailbox; the first
/// append to an idle mailbox posts one batch run to the strand, which handles all that queued.
class ListenerSlot : public std::enable_shared_from_this<ListenerSlot> {
  public:
    ListenerSlot(std::shared_ptr<EventListener> listener, EngineCore& core);

    const std::shared_ptr<EventListener>& listener() const noexcept { return listener_; }
    bool routes(EventType type) const { return listener_->can_handle_event_type(type); }

    /// Thread-safe. The engine has counted the delivery as in flight.
    void enqueue(const EventPtr& event);

    /// No handle_event call starts after this. With `wait`, also waits for a running call.
    void deactivate(bool wait);

    /// Registration in the engine's Signals2 registry; disconnected on unregistration.
    boost::signals2::scoped_connection connection;

  private:
    static constexpr unsigned active_bit = 1;
    static constexpr unsigned running_bit = 2;

    void post_batch();
    void run_batch();
    void deliver(const Event& event, BatchTally& tally);

    std::shared_ptr<EventListener> listener_;
    EngineCore& core_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::mutex mailbox_mutex_;
    std::vector<EventPtr> mailbox_;
    bool batch_posted_ = false;
    std::vector<EventPtr> batch_;
    std::atomic<unsigned> state_{active_bit};
};

}  // namespace liquid_energy::core::detail
