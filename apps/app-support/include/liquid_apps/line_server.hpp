#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

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

using MakeService =
    std::function<std::unique_ptr<ClientService>(liquid_energy::core::EventEngine& engine)>;

struct LineServerOptions {
    std::string host = "127.0.0.1";
    /// 0 takes any free port; the one bound is printed.
    std::uint16_t port = 0;
    /// The source of the events written back; it also names the connection's reader and writer.
    std::string source;
    /// The types of the events written back.
    std::vector<liquid_energy::core::EventType> reply_types;
};

/// Listens on host:port and prints "listening HOST:PORT" as the first line on stdout, so that a
/// script started with port 0 can read the port. Serves each client on an engine of its own, all
/// on the server's one thread: the client's JSON lines are put into it, and the events of
/// `reply_types` from `source` are written back. Runs until SIGINT or SIGTERM, which close the
/// listener and every connection; returns the exit status. Throws on a bind failure.
int run_line_server(const LineServerOptions& options, const MakeService& make_service);

}  // namespace liquid_apps
