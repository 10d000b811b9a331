#include "options.hpp"

#include <boost/program_options.hpp>

#include "liquid_apps/data_file.hpp"

namespace liquid_demo {
namespace {

namespace po = boost::program_options;

struct RawOptions {
    std::string data;
    double speed = 0;
    liquid_apps::SessionCommandLine session;
};

po::options_description describe(RawOptions& raw) {
    po::options_description description(
        "liquid-demo: replays market data through two strategies, a risk check and a simulated "
        "exchange in one engine\nOptions");
    liquid_apps::add_session_options(
        description, raw.session,
        "replay one tick at a time on one thread, for a reproducible result");
    auto add = description.add_options();
    add("data", po::value(&raw.data)->default_value(liquid_apps::bundled_market_data().string()),
        "market-data CSV file");
    add("speed", po::value(&raw.speed)->default_value(0),
        "replay speed as a multiple of real time; 0 = as fast as possible");
    return description;
}

Options validate(const RawOptions& raw) {
    Options options{.data = raw.data,
                    .speed = liquid_apps::checked_speed(raw.speed),
                    .session = liquid_apps::read_session_options(raw.session)};
    liquid_apps::check_data_file(options.data);
    return options;
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
    return liquid_apps::parse_options<RawOptions>(argc, argv, describe, validate);
}

}  // namespace liquid_demo
