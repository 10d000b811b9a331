// liquid-feed: serves a market-data file to TCP clients as JSON lines, each client at its own
// pace (liquid_apps/feed_protocol.hpp). Prints "listening HOST:PORT" first; SIGINT or SIGTERM
// stops it. With --nats it publishes the file once to the stream instead (nats_feed.hpp).
#include "feed_service.hpp"
#include "liquid_apps/feed_protocol.hpp"
#include "liquid_apps/line_server.hpp"
#include "nats_feed.hpp"
#include "options.hpp"

namespace {

liquid_apps::LineService describe_service(const liquid_feed::Options& options) {
    BOOST_LOG_SEV(liquid_apps::app_logger(), boost::log::trivial::info)
        << "serving " << options.feed.data;
    using liquid_energy::core::EventType;
    return {.source = std::string(liquid_apps::feed_source),
            .reply_types = {EventType::MARKET_DATA, EventType::ERROR, EventType::SYSTEM},
            .make_service = [&feed = options.feed](const liquid_apps::ClientConnection& client) {
                return liquid_feed::make_feed_service(client, feed);
            }};
}

}  // namespace

int main(int argc, char** argv) {
    return liquid_apps::run_server_program(
        "liquid-feed", argc, argv, liquid_feed::parse_options, describe_service,
        [](const liquid_feed::Options& options, const liquid_apps::NatsSettings& nats) {
            return liquid_feed::publish_over_nats(options.feed, nats);
        });
}
