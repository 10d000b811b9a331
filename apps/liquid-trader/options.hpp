#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "liquid_apps/backoff.hpp"
#include "liquid_apps/cli.hpp"
#include "liquid_apps/nats_settings.hpp"
#include "liquid_apps/tls.hpp"

namespace liquid_trader {

struct Options {
    liquid_apps::Address feed;
    liquid_apps::Address exchange;
    /// Ticks let in per round when not in lockstep (see pacer.hpp).
    std::uint64_t round_ticks = 256;
    liquid_apps::SessionSettings session;
    liquid_apps::ReconnectPolicy reconnect;
    std::optional<std::string> auth_token;
    /// Both links in TLS when set.
    std::shared_ptr<boost::asio::ssl::context> tls;
    /// Both links through the broker instead of TCP when set.
    std::optional<liquid_apps::NatsSettings> nats;
    /// The trader's name over NATS: its orders' source and its durable consumers' names.
    std::string name;
};

/// Nothing when --help was asked (the help is printed). Throws liquid_apps::UsageError for an
/// unknown or bad option, or a summary file that cannot be written.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace liquid_trader
