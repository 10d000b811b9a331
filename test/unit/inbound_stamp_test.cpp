#define BOOST_TEST_MODULE inbound_stamp
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_apps/inbound_stamp.hpp"
#include "liquid_energy/trading/orders.hpp"
#include "liquid_energy/trading/position_listener.hpp"
#include "recording_listener.hpp"
#include "wait_until.hpp"

namespace asio = boost::asio;
namespace core = liquid_energy::core;
namespace trading = liquid_energy::trading;
using core::EventType;
using liquid_apps::InboundStamp;
using liquid_energy::test::RecordingListener;

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

/// A trader's engine with its positions and a recorder, and what one link of it reads.
struct Trader {
    asio::io_context context;
    core::EventEngine engine{context.get_executor()};
    std::shared_ptr<trading::PositionListener> positions =
        std::make_shared<trading::PositionListener>("positions");
    std::shared_ptr<RecordingListener> seen = std::make_shared<RecordingListener>(
        "seen", std::vector{EventType::MARKET_DATA, EventType::TRADE_UPDATE, EventType::ERROR});

    Trader() {
        engine.register_listener(positions);
        engine.register_listener(seen);
        engine.start();
    }

    /// Puts `events` into a link named `link` that lets `types` in, as its reader would, and
    /// runs until the engine has handled all they caused.
    void read(const std::string& link, std::vector<EventType> types,
              const std::vector<core::Event>& events) {
        InboundStamp stamp(engine, link, std::move(types));
        for (const auto& event : events) stamp.engine().put(event);
        asio::co_spawn(
            context,
            [&]() -> asio::awaitable<void> {
                co_await stamp.engine().async_stop(asio::use_awaitable);
                co_await engine.async_stop(asio::use_awaitable);
            },
            asio::detached);
        context.run_for(liquid_energy::test::default_deadline);
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
    // The fill is refused and reported; the tick passes, as the feed's.
    BOOST_TEST((seen[0].type() == EventType::ERROR));
    BOOST_TEST(seen[0].source().value_or("") == "feed");
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
