#pragma once

#include "exchange_service.hpp"
#include "liquid_apps/nats_settings.hpp"

namespace liquid_exchange {

/// liquid-exchange --nats: reads what every trader sends, `<root>.orders.>`, through the durable
/// consumer "exchange" (one exchange per stream), and keeps a session per trader, told apart by
/// the trader's name that its messages carry as their source. A session is what a TCP client
/// gets (make_exchange_service), on an engine of its own; its answers are published as
/// `<root>.reports.<trader>.<TYPE>.exchange`. A session lasts as long as the program: over NATS
/// no connection ends with a trader, so nothing is cancelled on disconnect.
///
/// Prints "consuming SUBJECT on stream NAME" on stdout once connected, and runs until SIGINT or
/// SIGTERM (exit status 0) or until the broker is gone for good (1). Throws
/// liquid_apps::Unreachable when the broker cannot be reached at the start.
int serve_over_nats(const ExchangeSettings& settings, const liquid_apps::NatsSettings& nats);

}  // namespace liquid_exchange
