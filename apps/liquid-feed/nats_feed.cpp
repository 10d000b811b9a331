#include "nats_feed.hpp"

#include <future>
#include <iostream>
#include <utility>

#include "liquid_apps/feed_protocol.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_apps/nats_link.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"

namespace liquid_feed {

namespace core = liquid_energy::core;
namespace trading = liquid_energy::trading;
using liquid_apps::app_logger;

int publish_over_nats(const FeedSettings& feed, const liquid_apps::NatsSettings& nats) {
    core::EventEngine engine({.threads = 1});
    auto bridge = nats.bridge_options("feed-nats");
    bridge.export_types = {core::EventType::MARKET_DATA, core::EventType::SYSTEM,
                           core::EventType::ERROR};
    bridge.export_filter = [](const core::Event& event) {
        return event.source() == liquid_apps::feed_source;
    };
    liquid_apps::NatsLink link(engine, "broker", std::move(bridge));
    trading::MarketDataConnector connector(
        engine,
        {.path = feed.data, .speed = feed.speed, .source = std::string(liquid_apps::feed_source)});
    engine.start();
    link.start();
    BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
        << "publishing " << feed.data << " to stream " << nats.stream << " at "
        << liquid_apps::server_list(nats.servers);
    std::promise<std::pair<boost::system::error_code, trading::ReplaySummary>> replayed;
    connector.async_replay(
        [&replayed](boost::system::error_code error, trading::ReplaySummary summary) {
            replayed.set_value({error, summary});
        });
    const auto [replay_error, summary] = replayed.get_future().get();
    const auto link_error = link.stop_and_wait();
    engine.stop();
    if (replay_error || link_error) {
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::error)
            << "publishing ended early: "
            << (replay_error ? replay_error.message() : "the broker went away");
        return liquid_apps::exit_failure;
    }
    std::cout << "published " << summary.ticks << " ticks to stream " << nats.stream << std::endl;
    return 0;
}

}  // namespace liquid_feed
