#pragma once

#include "liquid_apps/summary.hpp"
#include "options.hpp"

namespace liquid_trader {

/// Trades on the feed's market data through the exchange, both over TCP links that reconnect
/// when they drop, or both through a NATS JetStream broker (nats_links.hpp): two moving-average
/// strategies, a risk check, the position book and the blotter in one engine, paced by pace_rounds.
/// Returns once the feed's data has ended and the exchange has closed the session, or a link gave
/// up, and every consequence has been handled. SIGINT or SIGTERM ends the session early; it still
/// closes with the exchange and drains.
liquid_apps::SessionReport run_session(const Options& options);

}  // namespace liquid_trader
