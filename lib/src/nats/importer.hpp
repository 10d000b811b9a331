#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/strand.hpp>

#include "connection.hpp"
#include "counters.hpp"
#include "handles.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/nats/bridge_options.hpp"
#include "seen_sequences.hpp"

namespace liquid_energy::nats::detail {

/// The durable pull consumer: a thread fetches at most `max_pending_acks` unacked messages and
/// hands them to a strand, which puts them into the engine (those `paced_import` accepts each
/// against a credit, the others behind them waiting with them) and acks them once the engine was
/// idle after their put (every listener has handled them).
class Importer : public std::enable_shared_from_this<Importer> {
  public:
    using Strand = boost::asio::strand<core::EventEngine::executor_type>;

    Importer(core::EventEngine& engine, Strand strand, BridgeOptions options,
             std::shared_ptr<Connection> connection, std::shared_ptr<Ledger> ledger);
    ~Importer();

    /// Binds the durable consumer and starts fetching. Throws std::runtime_error when JetStream
    /// refuses the consumer.
    void start();

    /// Lets `count` more paced events in.
    void grant(std::uint64_t count);

    /// Stops fetching and drops what waits for credits (redelivered later); calls `drained` on the
    /// strand once what was fetched is acked (or refused).
    void async_drain(std::function<void()> drained);

    /// Stops fetching and joins the thread; what was not acked is redelivered later. Nothing
    /// fetched is put or acked after it, and no idle wait is started: the handlers still queued
    /// on the strand (holding this) only drop their messages, so an async_drain still ends.
    void close();

  private:
    struct Pending {
        MessagePtr message;
        // The imported event, none for a skipped duplicate. Held until the ack so that its
        // payload's address, which marks it as imported, cannot be reused by a local event.
        std::optional<core::Event> imported;
    };
    struct Held {
        MessagePtr message;
        std::uint64_t sequence;
        core::Event event;
    };

    void fetch_loop();
    void fetch_batch(int room);
    void wait_for_room();
    void receive(MessagePtr message);
    void import(MessagePtr message, std::uint64_t sequence);
    void put_held();
    bool put(MessagePtr message, std::uint64_t sequence, core::Event event);
    bool is_held(std::uint64_t sequence) const;
    void drop_held();
    void reject_foreign(MessagePtr message, const std::string& reason);
    void ack_when_idle();
    void ack_front(std::size_t count);
    void drop_pending();
    void release(std::size_t count);
    void maybe_drained();

    core::EventEngine& engine_;
    Strand strand_;
    const BridgeOptions options_;
    // Outlives the subscription, and the messages acked on the strand after close().
    const std::shared_ptr<Connection> connection_;
    const std::shared_ptr<Ledger> ledger_;
    Counters& counters_;
    ImportMarks& marks_;
    SubscriptionPtr subscription_;
    std::thread thread_;

    std::mutex mutex_;  // guards unacked_ and stopping_, for the fetch thread
    std::condition_variable room_;
    std::size_t unacked_ = 0;
    bool stopping_ = false;
    // Set by close(), read on the strand.
    std::atomic<bool> closed_{false};

    // On the strand.
    SeenSequences seen_;
    std::deque<Pending> pending_;
    std::deque<Held> held_;  // decoded, waiting for a credit
    std::uint64_t credits_ = 0;
    bool waiting_idle_ = false;
    bool fetch_done_ = false;
    std::function<void()> drained_;
};

}  // namespace liquid_energy::nats::detail
