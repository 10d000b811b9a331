#define BOOST_TEST_MODULE event_engine_delivery
#include <map>
#include <set>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using liquid_energy::test::field;
using liquid_energy::test::RecordingListener;

namespace {

constexpr EventType ML_PREDICTION{100};

Event numbered(EventType type, int seq, int producer = 0) {
    return Event(type, {{"seq", seq}, {"producer", producer}});
}

std::multiset<std::int64_t> seqs_of(const RecordingListener& listener) {
    std::multiset<std::int64_t> seqs;
    for (const auto& event : listener.events()) seqs.insert(field(event, "seq"));
    return seqs;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_event_reaches_each_listener_of_its_type_exactly_once_and_no_other) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto market =
        std::make_shared<RecordingListener>("market", std::vector{EventType::MARKET_DATA});
    auto orders =
        std::make_shared<RecordingListener>("orders", std::vector{EventType::ORDER_UPDATE});
    auto both = std::make_shared<RecordingListener>(
        "both", std::vector{EventType::MARKET_DATA, EventType::ORDER_UPDATE});
    auto ml = std::make_shared<RecordingListener>("ml", std::vector{ML_PREDICTION});
    for (const auto& l : {market, orders, both, ml}) engine.register_listener(l);
    engine.start();

    constexpr int count = 2000;
    for (int i = 0; i < count; ++i) {
        BOOST_REQUIRE(
            engine.put(numbered(i % 2 == 0 ? EventType::MARKET_DATA : EventType::ORDER_UPDATE, i)));
    }
    BOOST_REQUIRE(engine.put(numbered(ML_PREDICTION, count)));
    BOOST_REQUIRE(engine.put(numbered(EventType::INFO, count + 1)));
    engine.stop();

    std::multiset<std::int64_t> even;
    std::multiset<std::int64_t> odd;
    std::multiset<std::int64_t> all;
    for (int i = 0; i < count; ++i) {
        (i % 2 == 0 ? even : odd).insert(i);
        all.insert(i);
    }
    BOOST_TEST(seqs_of(*market) == even);
    BOOST_TEST(seqs_of(*orders) == odd);
    BOOST_TEST(seqs_of(*both) == all);
    BOOST_TEST(seqs_of(*ml) == std::multiset<std::int64_t>{count});
    const auto stats = engine.stats();
    BOOST_TEST(stats.accepted == count + 2U);
    BOOST_TEST(stats.handled == 2U * count + 1U);
}

BOOST_AUTO_TEST_CASE(events_from_each_producer_are_handled_in_put_order) {
    EventEngine engine(EngineOptions{.threads = 2});
    std::vector<std::shared_ptr<RecordingListener>> listeners;
    for (int i = 0; i < 3; ++i) {
        listeners.push_back(std::make_shared<RecordingListener>(
            "listener" + std::to_string(i), std::vector{EventType::MARKET_DATA}));
        engine.register_listener(listeners.back());
    }
    engine.start();

    constexpr int producers = 4;
    constexpr int per_producer = 5000;
    std::vector<std::jthread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&engine, p] {
            for (int i = 0; i < per_producer; ++i)
                engine.put(numbered(EventType::MARKET_DATA, i, p));
        });
    }
    threads.clear();
    engine.stop();

    for (const auto& listener : listeners) {
        std::map<std::int64_t, std::int64_t> next_seq;
        bool in_order = true;
        const auto events = listener->events();
        for (const auto& event : events) {
            in_order = in_order && field(event, "seq") == next_seq[field(event, "producer")]++;
        }
        BOOST_TEST(events.size() == std::size_t{producers * per_producer});
        BOOST_TEST(in_order, listener->name() << " saw a producer's events out of order");
    }
}

BOOST_AUTO_TEST_CASE(events_put_before_start_are_kept_and_delivered_once_started) {
    EventEngine engine(EngineOptions{.threads = 1});
    auto listener = std::make_shared<RecordingListener>("early", std::vector{EventType::INFO});
    engine.register_listener(listener);
    for (int i = 0; i < 10; ++i) BOOST_TEST(engine.put(numbered(EventType::INFO, i)));
    BOOST_TEST(!engine.is_running());
    BOOST_TEST(listener->count() == 0U);

    engine.start();
    BOOST_TEST(engine.put(numbered(EventType::INFO, 10)));
    BOOST_REQUIRE(listener->wait_for_count(11));
    const auto events = listener->events();
    for (int i = 0; i < 11; ++i) BOOST_TEST(field(events[i], "seq") == i);
}

BOOST_AUTO_TEST_CASE(general_listener_sees_every_type_and_filtered_listener_only_what_passes) {
    struct Journal : GeneralEventListener {
        RecordingListener inner{"inner", {}};
        Journal() : GeneralEventListener("journal") {}
        void handle_event(const Event& e) override { inner.handle_event(e); }
    };
    struct EthOnly : FilteredEventListener {
        RecordingListener inner{"inner", {}};
        EthOnly()
            : FilteredEventListener("eth", {EventType::MARKET_DATA}, [](const Event& e) {
                  return e.data().at("symbol").as_string() == "ETH-USD";
              }) {}
        void handle_event(const Event& e) override { inner.handle_event(e); }
    };
    EventEngine engine(EngineOptions{.threads = 2});
    auto journal = std::make_shared<Journal>();
    auto eth = std::make_shared<EthOnly>();
    engine.register_listener(journal);
    engine.register_listener(eth);
    engine.start();
    engine.put(Event(EventType::MARKET_DATA, {{"symbol", "ETH-USD"}}));
    engine.put(Event(EventType::MARKET_DATA, {{"symbol", "BTC-USD"}}));
    engine.put(Event(EventType::SYSTEM, {{"symbol", "none"}}));
    engine.put(Event(ML_PREDICTION, {{"symbol", "ETH-USD"}}));
    engine.stop();

    BOOST_TEST(journal->inner.count() == 4U);
    BOOST_REQUIRE(eth->inner.count() == 1U);
    BOOST_TEST(eth->inner.events()[0].data().at("symbol").as_string() == "ETH-USD");
    BOOST_TEST(engine.stats().filtered == 1U);
}

BOOST_AUTO_TEST_CASE(get_listeners_lists_the_registered_in_registration_order) {
    EventEngine engine;
    auto a = std::make_shared<RecordingListener>("a", std::vector{EventType::INFO});
    auto b = std::make_shared<RecordingListener>("b", std::vector{EventType::INFO});
    engine.register_listener(a);
    engine.register_listener(b);
    BOOST_TEST((engine.get_listeners() == std::vector<std::shared_ptr<EventListener>>{a, b}));
    BOOST_TEST(engine.unregister_listener(a));
    BOOST_TEST((engine.get_listeners() == std::vector<std::shared_ptr<EventListener>>{b}));
}

BOOST_AUTO_TEST_CASE(an_event_put_by_a_handler_reaches_every_listener_after_its_cause) {
    EventEngine engine(EngineOptions{.threads = 2});
    auto risk = std::make_shared<RecordingListener>(
        "risk", std::vector{EventType::ORDER_UPDATE}, [&](const Event& e) {
            engine.put(Event(EventType::TRADE_UPDATE, {{"seq", field(e, "seq")}}));
        });
    auto blotter = std::make_shared<RecordingListener>(
        "blotter", std::vector{EventType::ORDER_UPDATE, EventType::TRADE_UPDATE});
    engine.register_listener(risk);
    engine.register_listener(blotter);
    engine.start();
    constexpr int count = 5000;
    for (int i = 0; i < count; ++i) engine.put(numbered(EventType::ORDER_UPDATE, i));
    engine.stop();

    std::set<std::int64_t> orders_seen;
    bool cause_first = true;
    for (const auto& e : blotter->events()) {
        if (e.type() == EventType::ORDER_UPDATE) {
            orders_seen.insert(field(e, "seq"));
        } else {
            cause_first = cause_first && orders_seen.contains(field(e, "seq"));
        }
    }
    BOOST_TEST(blotter->count() == 2U * count);
    BOOST_TEST(cause_first);
}
