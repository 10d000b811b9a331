#include "options.hpp"

#include <cmath>

#include <boost/program_options.hpp>

#include "liquid_apps/cli.hpp"
#include "liquid_apps/data_file.hpp"

namespace liquid_demo {
namespace {

namespace po = boost::program_options;
using liquid_apps::UsageError;

struct RawOptions {
    std::string data;
    double speed = 0;
    std::size_t threads = 0;
    std::string log_level;
    std::string summary_json;
    bool lockstep = false;
};

po::options_description describe(RawOptions& raw) {
    po::options_description description(
        "liquid-demo: replays market data through two strategies, a risk check and a simulated "
        "exchange in one engine\nOptions");
    auto add = description.add_options();
    add("help", "show this help");
    add("data", po::value(&raw.data)->default_value(liquid_apps::bundled_market_data().string()),
        "market-data CSV file");
    add("speed", po::value(&raw.speed)->default_value(0),
        "replay speed as a multiple of real time; 0 = as fast as possible");
    add("threads", po::value(&raw.threads)->default_value(0),
        "engine worker threads; 0 = one per hardware thread");
    add("log-level", po::value(&raw.log_level)->default_value("info"),
        "trace, debug, info, warning, error or fatal");
    add("summary-json", po::value(&raw.summary_json),
        "also write the summary as JSON to this file");
    add("lockstep", po::bool_switch(&raw.lockstep),
        "replay one tick at a time on one thread, for a reproducible result");
    return description;
}

Options validate(const RawOptions& raw) {
    Options options;
    if (!std::isfinite(raw.speed) || raw.speed < 0) {
        throw UsageError{"--speed must be 0 or a positive number"};
    }
    options.speed = raw.speed;
    options.threads = raw.threads;
    options.log_level = liquid_apps::parse_log_level(raw.log_level);
    options.lockstep = raw.lockstep;
    options.data = raw.data;
    liquid_apps::check_data_file(options.data);
    if (!raw.summary_json.empty()) options.summary_json = raw.summary_json;
    return options;
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
    RawOptions raw;
    if (!liquid_apps::parse_command_line(argc, argv, describe(raw))) return std::nullopt;
    return validate(raw);
}

}  // namespace liquid_demo
