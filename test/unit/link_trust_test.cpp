#define BOOST_TEST_MODULE link_trust
#include <memory>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/orders.hpp"
#include "liquid_energy/trading/position_listener.hpp"
#include "liquid_energy/wire/json_line.hpp"
#include "liquid_energy/wire/json_line_connector.hpp"
#include "loopback.hpp"
#include "recording_listener.hpp"

namespace core = liquid_energy::core;

namespace wire = liquid_energy::wire;
namespace trading = liquid_energy::trading;
using core::EventType;
using liquid_energy::test::Link;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::Run;

namespace {

trading::Fill fill_of_1000_at_1_5() {
    return {.fill_id = 1,
            .order_id = "forged",
            .account = "fast_ma",
            .symbol = "ETH-USD",
            .side = trading::Side::BUY,
            .price = 1.5,
            .quantity = 1000};
}

/// A trader's engine with its positions and a recorder, reading one link as liquid-trader does:
/// a connector that stamps the link's name as the source and lets only the peer's types in.
struct Trader {
    core::EventEngine engine{core::EngineOptions{.threads = 1}};
    std::shared_ptr<trading::PositionListener> positions =
        std::make_shared<trading::PositionListener>("positions");
    std::shared_ptr<RecordingListener> seen = std::make_shared<RecordingListener>(
        "seen", std::vector{EventType::MARKET_DATA, EventType::TRADE_UPDATE, EventType::ERROR});

    Trader() {
        engine.register_listener(positions);
        engine.register_listener(seen);
        engine.start();
    }

    /// Sends `events` down a link named `link` that lets `types` in, until the peer closes and
    /// the engine has handled all they caused.
    void read(const std::string& link, std::vector<EventType> types,
              const std::vector<core::Event>& events) {
        Link wire;
        wire::JsonLineConnector reader(
            wire.server, engine,
            {.name = link + "_reader", .source = link, .accepted_types = std::move(types)});
        Run run;
        reader.async_run(run.handler());
        for (const auto& event : events) wire.send(wire::encode_json_line(event) + "\n");
        wire.client.close();
        BOOST_TEST(!run.outcome());
        engine.stop();
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_forged_source_is_restamped_and_a_fake_feeds_fill_books_nothing) {
    Trader trader;
    trader.read("feed", {EventType::MARKET_DATA, EventType::SYSTEM, EventType::ERROR},
                {trading::make_fill_event(fill_of_1000_at_1_5(), "exchange"),
                 core::Event(EventType::MARKET_DATA, {{"kind", "trade"}}, "exchange")});
    BOOST_TEST(trader.positions->positions().empty());
    const auto seen = trader.seen->events();
    BOOST_REQUIRE(seen.size() == 2U);
    // The fill is refused and reported by the link's reader; the tick passes, as the feed's.
    BOOST_TEST((seen[0].type() == EventType::ERROR));
    BOOST_TEST(seen[0].source().value_or("") == "feed_reader");
    BOOST_TEST(seen[0].data().at("reason").as_string() == "unexpected_type");
    BOOST_TEST((seen[1].type() == EventType::MARKET_DATA));
    BOOST_TEST(seen[1].source().value_or("") == "feed");
}

BOOST_AUTO_TEST_CASE(the_exchange_sessions_fill_is_booked_whatever_source_it_claims) {
    Trader trader;
    trader.read("exchange", {EventType::ORDER_UPDATE, EventType::TRADE_UPDATE},
                {trading::make_fill_event(fill_of_1000_at_1_5(), "someone")});
    const auto seen = trader.seen->events();
    BOOST_REQUIRE(seen.size() == 1U);
    BOOST_TEST(seen[0].source().value_or("") == "exchange");
    BOOST_TEST(trader.positions->positions().at("ETH-USD").quantity == 1000);
}
