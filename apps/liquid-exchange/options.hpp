#pragma once

#include <optional>

#include "exchange_service.hpp"
#include "liquid_apps/cli.hpp"

namespace liquid_exchange {

struct Options {
    liquid_apps::ServerSettings server;
    ExchangeSettings exchange;
};

/// Nothing when --help was asked (the help is printed). Throws liquid_apps::UsageError for an
/// unknown or bad option.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace liquid_exchange
