#pragma once

#include <filesystem>
#include <optional>

#include "liquid_apps/cli.hpp"

namespace liquid_demo {

struct Options {
    std::filesystem::path data;
    double speed = 0;
    liquid_apps::SessionSettings session;
};

/// Nothing when --help was asked (the help is printed). Throws liquid_apps::UsageError for an
/// unknown or bad option, a data file that cannot be read or a summary file that cannot be
/// written.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace liquid_demo
