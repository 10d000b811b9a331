#define BOOST_TEST_MODULE examples
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/describe/class.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using liquid_energy::test::RecordingListener;

namespace {

struct Quote {
    std::string symbol;
    double price = 0;
    double volume = 0;
    std::int64_t seq = 0;
};
BOOST_DESCRIBE_STRUCT(Quote, (), (symbol, price, volume, seq))

/// README's typed listener: reads the payload as a Quote, whatever view the producer gave.
class TypedPriceMonitor : public EventListener {
  public:
    explicit TypedPriceMonitor(std::string name)
        : EventListener(std::move(name), {EventType::MARKET_DATA}) {}

    void handle_event(const Event& event) override {
        const Quote& quote = event.get<Quote>();
        std::lock_guard lock(mutex_);
        seen_.push_back(quote.seq);
        last_price_ = quote.price;
    }

    std::pair<std::vector<std::int64_t>, double> seen() const {
        std::lock_guard lock(mutex_);
        return {seen_, last_price_};
    }

  private:
    mutable std::mutex mutex_;
    std::vector<std::int64_t> seen_;
    double last_price_ = 0;
};

/// Keeps the last price seen per symbol.
class PriceMonitor : public EventListener {
  public:
    explicit PriceMonitor(std::string name)
        : EventListener(std::move(name), {EventType::MARKET_DATA}) {}

    void handle_event(const Event& event) override {
        std::lock_guard lock(mutex_);
        last_price_[std::string(event.data().at("symbol").as_string())] =
            event.data().at("price").as_double();
    }

    std::map<std::string, double> last_prices() const {
        std::lock_guard lock(mutex_);
        return last_price_;
    }

  private:
    mutable std::mutex mutex_;
    std::map<std::string, double> last_price_;
};

/// Buys one lot at every tick it sees.
class SimpleStrategy : public EventListener {
  public:
    SimpleStrategy(std::string name, EventEngine& engine)
        : EventListener(std::move(name), {EventType::MARKET_DATA}), engine_(engine) {}

    void handle_event(const Event& event) override {
        const auto& tick = event.data();
        engine_.put(Event(EventType::ORDER_UPDATE,
                          {{"action", "create"},
                           {"symbol", tick.at("symbol")},
                           {"side", "buy"},
                           {"price", tick.at("price")},
                           {"quantity", 1}},
                          name()));
    }

  private:
    EventEngine& engine_;
};

/// Publishes ticks into the engine from its own thread, as an exchange feed would.
class MarketDataConnector {
  public:
    MarketDataConnector(EventEngine& engine, std::vector<std::pair<std::string, double>> ticks)
        : engine_(engine), ticks_(std::move(ticks)) {}

    void run() {
        std::jthread feed([this] {
            for (const auto& [symbol, price] : ticks_) {
                engine_.put(Event(EventType::MARKET_DATA, {{"symbol", symbol}, {"price", price}},
                                  "market_data_connector"));
            }
        });
    }

  private:
    EventEngine& engine_;
    std::vector<std::pair<std::string, double>> ticks_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_strategy_orders_once_per_tick_from_a_connector_feed) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto monitor = std::make_shared<PriceMonitor>("price_monitor");
    auto strategy = std::make_shared<SimpleStrategy>("simple_strategy", engine);
    auto orders =
        std::make_shared<RecordingListener>("order_manager", std::vector{EventType::ORDER_UPDATE});
    engine.register_listener(monitor);
    engine.register_listener(strategy);
    engine.register_listener(orders);
    engine.start();

    std::vector<std::pair<std::string, double>> ticks;
    for (int i = 0; i < 300; ++i) {
        ticks.emplace_back(i % 3 == 0 ? "BTC-USD" : "ETH-USD", 3500.0 + i);
    }
    MarketDataConnector(engine, ticks).run();
    engine.stop();

    const auto placed = orders->events();
    BOOST_REQUIRE(placed.size() == ticks.size());
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        BOOST_TEST(placed[i].data().at("symbol").as_string() == ticks[i].first);
        BOOST_TEST(placed[i].data().at("price").as_double() == ticks[i].second);
        BOOST_TEST(*placed[i].source() == "simple_strategy");
    }
    const auto prices = monitor->last_prices();
    BOOST_TEST(prices.at("BTC-USD") == 3500.0 + 297);
    BOOST_TEST(prices.at("ETH-USD") == 3500.0 + 299);
}

BOOST_AUTO_TEST_CASE(a_typed_listener_reads_typed_and_dict_events_alike) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto monitor = std::make_shared<TypedPriceMonitor>("pm");
    engine.register_listener(monitor);
    engine.start();
    engine.put(Event(EventType::MARKET_DATA, Quote{"ETH-USD", 3500.25, 10.5, 1}, "feed"));
    engine.put(Event(EventType::MARKET_DATA,
                     {{"symbol", "ETH-USD"}, {"price", 3500.5}, {"volume", 2.0}, {"seq", 2}},
                     "exchange_connector"));
    engine.stop();

    const auto [seen, last_price] = monitor->seen();
    BOOST_TEST(seen == (std::vector<std::int64_t>{1, 2}), boost::test_tools::per_element());
    BOOST_TEST(last_price == 3500.5);
}
