#pragma once

#include <cstdint>
#include <memory>

#include "liquid_apps/line_server.hpp"
#include "liquid_energy/trading/matching_engine.hpp"

namespace liquid_exchange {

struct ExchangeSettings {
    /// Fault injection: the connection is reset once this many orders came in on it; 0 = never.
    std::uint64_t drop_after_orders = 0;
    /// What one session may hold.
    liquid_energy::trading::ExchangeLimits limits;
};

/// One client's session with the simulated exchange (liquid_energy::trading::ExchangeListener):
/// it matches the orders the client submits against the quotes the client sends, and answers
/// with reports and fills; in lockstep it holds them until the client's tick_done.
///
/// The session is the client's connection: when that ends, so does the session, and the orders
/// still resting are cancelled with it (cancel on disconnect). A reconnecting client starts a
/// new session with an empty book.
///
/// Every bad input is answered on the connection (see ExchangeListener). The server logs such
/// client mistakes at most one line per few seconds per session, counting those held back, and
/// their total when the session ends.
std::unique_ptr<liquid_apps::ClientService> make_exchange_service(
    const liquid_apps::ClientConnection& client, const ExchangeSettings& settings);

}  // namespace liquid_exchange
