#define BOOST_TEST_MODULE trading_listeners
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/trading/blotter_listener.hpp"
#include "liquid_energy/trading/exchange_listener.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"
#include "liquid_energy/trading/position_listener.hpp"
#include "liquid_energy/trading/risk_listener.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::trading;
using liquid_energy::core::Event;
using liquid_energy::core::EventEngine;
using liquid_energy::core::EventType;
using liquid_energy::test::RecordingListener;
using liquid_energy::test::wait_until;

namespace {

bool has(const boost::json::object& data, const char* key, std::string_view value) {
    const auto* field = data.if_contains(key);
    return field != nullptr && field->is_string() && field->get_string() == value;
}

/// Risk, the exchange, the blotter and the positions in one engine, fed by hand in place of a
/// strategy and a connector.
struct TradingLoop {
    TradingLoop() {
        for (const auto& listener :
             std::vector<std::shared_ptr<liquid_energy::core::EventListener>>{
                 std::make_shared<RiskListener>(engine, RiskLimits{.max_order_notional = 1'000}),
                 std::make_shared<ExchangeListener>(engine), blotter, positions, recorder}) {
            engine.register_listener(listener);
        }
        engine.start();
        engine.put(Event(EventType::MARKET_DATA,
                         MarketTick{.symbol = "ETH-USD",
                                    .kind = TickKind::QUOTE,
                                    .bid = 99,
                                    .bid_size = 5,
                                    .ask = 101,
                                    .ask_size = 5},
                         "test"));
    }

    void create(const std::string& id, double price, double quantity) {
        engine.put(make_order_event(Order{.order_id = id,
                                          .account = "test",
                                          .symbol = "ETH-USD",
                                          .side = Side::BUY,
                                          .type = OrderType::LIMIT,
                                          .price = price,
                                          .quantity = quantity},
                                    OrderAction::CREATE, "test"));
    }

    /// Waits for a report on `id` with `status`; returns it, or a null event on timeout.
    std::optional<Event> await_report(const std::string& id, OrderStatus status) {
        std::optional<Event> found;
        wait_until([&] {
            for (const auto& event : recorder->events()) {
                const auto& data = event.data();
                if (event.type() == EventType::ORDER_UPDATE && has(data, "order_id", id) &&
                    has(data, "action", "report") && has(data, "status", to_string(status))) {
                    found = event;
                    return true;
                }
            }
            return false;
        });
        return found;
    }

    std::size_t count(EventType type) const {
        std::size_t n = 0;
        for (const auto& event : recorder->events()) n += event.type() == type ? 1 : 0;
        return n;
    }

    EventEngine engine{{.threads = 2}};
    std::shared_ptr<BlotterListener> blotter = std::make_shared<BlotterListener>();
    std::shared_ptr<PositionListener> positions = std::make_shared<PositionListener>();
    std::shared_ptr<RecordingListener> recorder = std::make_shared<RecordingListener>(
        "recorder", std::vector{EventType::ORDER_UPDATE, EventType::TRADE_UPDATE,
                                EventType::STRATEGY_UPDATE, EventType::ERROR});
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_order_within_the_limits_goes_through_risk_to_the_exchange_and_fills) {
    TradingLoop loop;
    loop.create("a", 102, 2);
    BOOST_REQUIRE(loop.await_report("a", OrderStatus::FILLED).has_value());
    loop.engine.stop();

    const auto counts = loop.blotter->counts();
    BOOST_TEST(counts.orders == 1U);
    BOOST_TEST(counts.filled == 1U);
    BOOST_TEST(counts.fills == 1U);
    BOOST_TEST(counts.anomalies == 0U);
    const auto position = loop.positions->positions().at("ETH-USD");
    BOOST_TEST(position.quantity == 2);
    BOOST_TEST(position.average_cost == 101);
    BOOST_TEST(position.mark == 100);
}

BOOST_AUTO_TEST_CASE(an_order_over_a_limit_is_rejected_by_risk_and_never_reaches_the_exchange) {
    TradingLoop loop;
    loop.create("big", 101, 10);
    const auto report = loop.await_report("big", OrderStatus::REJECTED);
    BOOST_REQUIRE(report.has_value());
    loop.engine.stop();

    BOOST_TEST(*report->source() == "risk");
    BOOST_TEST(has(report->data(), "reason", "order notional 1010.00 over the limit 1000.00"));
    BOOST_TEST(loop.count(EventType::STRATEGY_UPDATE) == 1U);
    BOOST_TEST(loop.count(EventType::TRADE_UPDATE) == 0U);
    const auto counts = loop.blotter->counts();
    BOOST_TEST(counts.rejected == 1U);
    BOOST_TEST(counts.risk_rejections == 1U);
}

BOOST_AUTO_TEST_CASE(a_malformed_order_is_rejected_with_an_error) {
    TradingLoop loop;
    loop.create("zero", 101, 0);
    BOOST_REQUIRE(loop.await_report("zero", OrderStatus::REJECTED).has_value());
    loop.engine.stop();
    BOOST_TEST(loop.count(EventType::ERROR) == 1U);
    BOOST_TEST(loop.count(EventType::STRATEGY_UPDATE) == 0U);
}

BOOST_AUTO_TEST_CASE(end_of_data_cancels_resting_orders_and_refuses_later_ones) {
    TradingLoop loop;
    loop.create("resting", 95, 1);
    BOOST_REQUIRE(loop.await_report("resting", OrderStatus::ACCEPTED).has_value());
    loop.engine.put(Event(EventType::SYSTEM, {{"kind", end_of_data_kind}}, "test"));
    BOOST_REQUIRE(loop.await_report("resting", OrderStatus::CANCELLED).has_value());
    loop.create("late", 95, 1);
    const auto late = loop.await_report("late", OrderStatus::REJECTED);
    BOOST_REQUIRE(late.has_value());
    loop.engine.stop();

    BOOST_TEST(has(late->data(), "reason", "the session is closed"));
    const auto counts = loop.blotter->counts();
    BOOST_TEST(counts.orders == 2U);
    BOOST_TEST(counts.cancelled == 1U);
    BOOST_TEST(counts.rejected == 1U);
    BOOST_TEST(counts.open == 0U);
}
