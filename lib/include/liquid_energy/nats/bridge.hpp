#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/nats/bridge_options.hpp"

namespace liquid_energy::nats {

namespace detail {
class BridgeState;
}

/// Thrown by `Bridge::start` when no server of the list could be reached, naming them.
class ConnectError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Carries one engine's events to and from a NATS JetStream stream.
///
/// Export: local events of `export_types` are published on `<prefix>.<TYPE_NAME>.<source>` with
/// the JSON-line encoding as body and a `Nats-Msg-Id` unique to this bridge and event, so the
/// stream drops a republished duplicate. Each publish waits for the stream's ack and is retried
/// while the broker is away, so exports wait in the exporter's listener backlog and beyond it
/// the engine's backlog policy of their type applies. An event this bridge imported is never
/// exported again.
///
/// Import: a durable pull consumer reads `import_subject` and puts each message into the engine
/// with its type, source and timestamp. A message is acked once every listener has handled it
/// (the engine was idle after it was put): a crash before that redelivers it, and a redelivered
/// message this bridge already handled is acked without being put again. At most
/// `max_pending_acks` messages wait for their ack. A message that is not an event becomes an
/// ERROR event naming its subject and the reason, and is terminated.
///
/// Connection lost and reconnected are SYSTEM events, giving up is an ERROR event. libnats's
/// threads hand everything to a strand of the engine's executor. Thread-safe.
class Bridge {
  public:
    /// Throws std::invalid_argument for an empty server list, or an import without a durable name.
    Bridge(core::EventEngine& engine, BridgeOptions options);
    /// Closes the connection without waiting for anything; `async_stop` first to ack what the
    /// engine handled.
    ~Bridge();

    Bridge(const Bridge&) = delete;
    Bridge& operator=(const Bridge&) = delete;

    /// Connects (retrying `connect_attempts` times), creates the stream if missing, binds the
    /// durable consumer and starts exporting and importing. A JetStream request the server does
    /// not answer (it restarts meanwhile) is asked again, as often. Blocks; not from a handler.
    /// Throws ConnectError when no server answers, std::runtime_error when JetStream refuses.
    void start();

    /// Stops importing, waits until the engine has handled what was imported and exported what
    /// it handed to the bridge, acks it, and flushes the connection. Completion signature
    /// `void()`, run on its associated executor (the bridge's strand by default), never inside
    /// this call. The engine must keep running until it completes.
    template <boost::asio::completion_token_for<void()> CompletionToken = boost::asio::deferred_t>
    auto async_stop(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, void()>(
            [this](auto handler) { async_stop_impl(std::move(handler)); }, token);
    }

    /// Lets `count` more imported events that `BridgeOptions::paced_import` accepts into the
    /// engine; credits saturate. Thread-safe, after `start`; std::logic_error before it, or
    /// for a bridge that imports nothing.
    void grant_imports(std::uint64_t count);

    /// A snapshot of the counters; thread-safe.
    BridgeStats stats() const noexcept;

  private:
    void async_stop_impl(boost::asio::any_completion_handler<void()> handler);

    std::shared_ptr<detail::BridgeState> state_;
};

}  // namespace liquid_energy::nats
