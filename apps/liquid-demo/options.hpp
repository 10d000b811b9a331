#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include <boost/log/trivial.hpp>

namespace liquid_demo {

struct Options {
    std::filesystem::path data;
    double speed = 0;
    std::size_t threads = 0;
    boost::log::trivial::severity_level log_level = boost::log::trivial::info;
    std::optional<std::filesystem::path> summary_json;
    /// One tick at a time, on one thread (see liquid_energy/trading/lockstep.hpp): the same
    /// result on every run, and the same as liquid-trader's in lockstep.
    bool lockstep = false;
};

/// Nothing when --help was asked (the help is printed). Throws liquid_apps::UsageError for an
/// unknown or bad option, or a data file that cannot be read.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace liquid_demo
