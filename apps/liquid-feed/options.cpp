#include "options.hpp"

#include <cstdint>
#include <string>

#include <boost/program_options.hpp>

#include "liquid_apps/data_file.hpp"

namespace liquid_feed {
namespace {

namespace po = boost::program_options;

constexpr std::uint16_t default_port = 7401;

struct RawOptions {
    liquid_apps::ServerCommandLine server;
    std::string data;
    double speed = 0;
    std::uint64_t drop_after_ticks = 0;
};

po::options_description describe(RawOptions& raw) {
    po::options_description description(
        "liquid-feed: serves a market-data file to TCP clients as JSON lines, as each client "
        "asks for ticks; with --nats, publishes it once to a JetStream stream\nOptions");
    liquid_apps::add_server_options(description, raw.server, default_port);
    auto add = description.add_options();
    add("data", po::value(&raw.data)->default_value(liquid_apps::bundled_market_data().string()),
        "market-data CSV file");
    add("speed", po::value(&raw.speed)->default_value(0),
        "replay speed as a multiple of real time; 0 = as fast as the client asks");
    add("drop-after-ticks", po::value(&raw.drop_after_ticks)->default_value(0),
        "fault injection: reset each client connection once it has been sent this many ticks; "
        "0 = never");
    return description;
}

Options validate(const RawOptions& raw) {
    if (!raw.server.nats.servers.empty() && raw.drop_after_ticks != 0) {
        throw liquid_apps::UsageError{"--drop-after-ticks resets TCP connections: not with --nats"};
    }
    Options options{.server = liquid_apps::read_server_options(raw.server),
                    .feed = {.data = raw.data,
                             .speed = liquid_apps::checked_speed(raw.speed),
                             .drop_after_ticks = raw.drop_after_ticks}};
    liquid_apps::check_data_file(options.feed.data);
    return options;
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
    return liquid_apps::parse_options<RawOptions>(argc, argv, describe, validate);
}

}  // namespace liquid_feed
