// liquid-exchange: the simulated exchange as a TCP server, a session per client connection
// (exchange_service.hpp). Prints "listening HOST:PORT" first; SIGINT or SIGTERM stops it. With
// --nats it serves the traders through the broker instead (nats_exchange.hpp).
#include "exchange_service.hpp"
#include "liquid_apps/feed_protocol.hpp"
#include "liquid_apps/line_server.hpp"
#include "nats_exchange.hpp"
#include "options.hpp"

namespace {

liquid_apps::LineService describe_service(const liquid_exchange::Options& options) {
    using liquid_energy::core::EventType;
    return {.source = std::string(liquid_apps::exchange_source),
            .reply_types = {EventType::ORDER_UPDATE, EventType::TRADE_UPDATE, EventType::SYSTEM,
                            EventType::ERROR},
            .make_service = [&exchange =
                                 options.exchange](const liquid_apps::ClientConnection& client) {
                return liquid_exchange::make_exchange_service(client, exchange);
            }};
}

}  // namespace

int main(int argc, char** argv) {
    return liquid_apps::run_server_program(
        "liquid-exchange", argc, argv, liquid_exchange::parse_options, describe_service,
        [](const liquid_exchange::Options& options, const liquid_apps::NatsSettings& nats) {
            return liquid_exchange::serve_over_nats(options.exchange, nats);
        });
}
