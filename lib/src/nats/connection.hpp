#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "handles.hpp"
#include "liquid_energy/nats/bridge_options.hpp"

namespace liquid_energy::nats::detail {

/// What happened to a connection, as libnats reports it on its own threads.
enum class LinkEvent { disconnected, reconnected, closed };

/// Receives the LinkEvents of connections, on libnats's threads.
using LinkHandler = std::function<void(LinkEvent)>;

/// A connection and its JetStream context.
struct Connection {
    ConnectionPtr connection;
    JetStreamPtr jet_stream;
};

/// Connects to the servers with the options' retry policy. `link_id` names the handler given to
/// `register_link`: events of a connection whose handler was unregistered are dropped, so a
/// late libnats callback never reaches a destroyed bridge. Throws ConnectError when no server
/// answers.
Connection connect(const BridgeOptions& options, std::uint64_t link_id);

/// Registers a handler and returns its id; thread-safe.
std::uint64_t register_link(LinkHandler handler);
/// After it returns, the handler is not called again (a call in progress may finish).
void unregister_link(std::uint64_t link_id);

/// What a JetStream request answered last.
struct RequestOutcome {
    natsStatus status = NATS_OK;
    jsErrCode js_error{};
};

/// Makes a JetStream request until it is answered, at most `connect_attempts` times
/// `reconnect_wait` apart. A request made while the connection reconnects, or while a restarted
/// server's JetStream recovers, times out or finds no responder: those are asked again, any other
/// answer is returned at once.
RequestOutcome request_until_answered(const BridgeOptions& options,
                                      const std::function<natsStatus(jsErrCode&)>& request);

/// Creates the stream over `<prefix>.>` unless it exists (file storage, limits retention, the
/// options' age and size limits). Throws std::runtime_error when JetStream refuses.
void ensure_stream(jsCtx* jet_stream, const BridgeOptions& options);

}  // namespace liquid_energy::nats::detail
