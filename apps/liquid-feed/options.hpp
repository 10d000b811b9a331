#pragma once

#include <optional>

#include "feed_service.hpp"
#include "liquid_apps/cli.hpp"

namespace liquid_feed {

struct Options {
    liquid_apps::ServerSettings server;
    FeedSettings feed;
};

/// Nothing when --help was asked (the help is printed). Throws liquid_apps::UsageError for an
/// unknown or bad option, or a data file that cannot be read.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace liquid_feed
