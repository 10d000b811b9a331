// liquid-trader: the trading side of the loop in one engine, on liquid-feed's market data and
// through liquid-exchange, both over TCP links that reconnect when they drop, or with --nats
// through a NATS JetStream broker.
#include "liquid_apps/summary.hpp"
#include "options.hpp"
#include "session.hpp"

int main(int argc, char** argv) {
    return liquid_apps::run_session_program(
        "liquid-trader", argc, argv, liquid_trader::parse_options, liquid_trader::run_session);
}
