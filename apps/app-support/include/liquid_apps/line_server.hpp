#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "liquid_apps/cli.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_apps {

/// What a server does for one client, set up on the client's own engine.
class ClientService {
  public:
    virtual ~ClientService() = default;
    /// Called once the client has gone, before its engine stops: the place to end work of its own.
    virtual boost::asio::awaitable<void> finish() { co_return; }
};

/// The server's side of one client's connection, as the service made for it sees it.
struct ClientConnection {
    /// The client's own engine: the client's JSON lines are put into it.
    liquid_energy::core::EventEngine& engine;
    /// Ends the connection abruptly, with a TCP reset, as a network failure would; what was not
    /// sent yet is lost, and the service's finish() follows. Call it on the server's thread,
    /// e.g. from a handler of `engine`; the connection outlives those handlers.
    std::function<void()> hang_up;
};

using MakeService = std::function<std::unique_ptr<ClientService>(const ClientConnection& client)>;

/// What a server says to its clients.
struct LineService {
    /// The source of the events written back; it also names the connection's reader and writer.
    std::string source;
    /// The types of the events written back.
    std::vector<liquid_energy::core::EventType> reply_types;
    MakeService make_service;
};

/// Listens on the settings' host and port (0 takes any free port) and prints
/// "listening HOST:PORT" as the first line on stdout, so that a script started with port 0 can
/// read the port. Serves each client on an engine of its own, all on the server's one thread:
/// the client's JSON lines are put into it with the source "<source>_client" whatever source
/// they claim, and the events of `reply_types` from `source`, with the reader's ERROR reports of
/// the client's bad lines, are written back, so a client's own events are never. Runs until SIGINT
/// or SIGTERM, which close the listener and every connection; returns the exit status. Throws
/// std::runtime_error when it cannot listen.
int run_line_server(const ServerSettings& settings, const LineService& service);

/// main() of a server program: reads its options with `parse` (the settings in their `server`),
/// logs at their level, and runs the line server with the service `describe_service` makes of
/// them, or, with --nats, `run_over_nats(options, nats_settings)`.
template <typename Parse, typename DescribeService, typename RunOverNats>
int run_server_program(std::string_view program, int argc, char** argv, Parse parse,
                       DescribeService describe_service, RunOverNats run_over_nats) {
    return run_program(program, argc, argv, parse, [&](const auto& options) {
        setup_console_logging(options.server.log_level);
        if (options.server.nats) return run_over_nats(options, *options.server.nats);
        return run_line_server(options.server, describe_service(options));
    });
}

}  // namespace liquid_apps
