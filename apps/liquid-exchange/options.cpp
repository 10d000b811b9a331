#include "options.hpp"

#include <cstdint>

#include <boost/program_options.hpp>

namespace liquid_exchange {
namespace {

namespace po = boost::program_options;

constexpr std::uint16_t default_port = 7402;

struct RawOptions {
    liquid_apps::ServerCommandLine server;
    std::uint64_t drop_after_orders = 0;
    liquid_energy::trading::ExchangeLimits limits;
};

po::options_description describe(RawOptions& raw) {
    po::options_description description(
        "liquid-exchange: a simulated exchange for TCP clients (or, with --nats, traders on a "
        "JetStream stream), matching their orders against the quotes they send and answering "
        "with reports and fills\nOptions");
    liquid_apps::add_server_options(description, raw.server, default_port);
    description.add_options()(
        "drop-after-orders", po::value(&raw.drop_after_orders)->default_value(0),
        "fault injection: reset each client connection once this many orders came in on it; "
        "0 = never");
    description.add_options()(
        "max-resting-orders",
        po::value(&raw.limits.max_resting_orders)->default_value(raw.limits.max_resting_orders),
        "most orders one session may have resting; a limit order beyond is rejected")(
        "max-id-length",
        po::value(&raw.limits.max_id_length)->default_value(raw.limits.max_id_length),
        "longest order id, account and symbol accepted, in bytes");
    return description;
}

Options validate(const RawOptions& raw) {
    if (raw.limits.max_resting_orders == 0 || raw.limits.max_id_length == 0) {
        throw liquid_apps::UsageError{"--max-resting-orders and --max-id-length must be positive"};
    }
    if (!raw.server.nats.servers.empty() && raw.drop_after_orders != 0) {
        throw liquid_apps::UsageError{
            "--drop-after-orders resets TCP connections: not with --nats"};
    }
    return Options{.server = liquid_apps::read_server_options(raw.server),
                   .exchange = {.drop_after_orders = raw.drop_after_orders, .limits = raw.limits}};
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
    return liquid_apps::parse_options<RawOptions>(argc, argv, describe, validate);
}

}  // namespace liquid_exchange
