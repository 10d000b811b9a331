#define BOOST_TEST_MODULE event_listener
#include <stdexcept>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/filtered_event_listener.hpp"
#include "liquid_energy/core/general_event_listener.hpp"

using namespace liquid_energy::core;

namespace {

class PriceMonitor : public EventListener {
  public:
    explicit PriceMonitor(std::string name)
        : EventListener(std::move(name), {EventType::MARKET_DATA}) {}
    void handle_event(const Event& /*event*/) override {}
};

class Journal : public GeneralEventListener {
  public:
    Journal() : GeneralEventListener("journal") {}
    void handle_event(const Event& /*event*/) override {}
};

class EthOnly : public FilteredEventListener {
  public:
    EthOnly()
        : FilteredEventListener("eth", {EventType::MARKET_DATA}, [](const Event& e) {
              return e.data().at("symbol").as_string() == "ETH-USD";
          }) {}
    void handle_event(const Event& /*event*/) override {}
};

}  // namespace

BOOST_AUTO_TEST_CASE(listener_knows_its_name_and_types) {
    PriceMonitor monitor("pm");
    BOOST_TEST(monitor.name() == "pm");
    BOOST_TEST(monitor.event_types().size() == 1U);
    BOOST_TEST(monitor.can_handle_event_type(EventType::MARKET_DATA));
    BOOST_TEST(!monitor.can_handle_event_type(EventType::INFO));
    BOOST_TEST(!monitor.can_handle_event_type(EventType{100}));
}

BOOST_AUTO_TEST_CASE(empty_name_is_refused) {
    BOOST_CHECK_THROW(PriceMonitor(""), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(general_listener_handles_every_type) {
    Journal journal;
    BOOST_TEST(journal.can_handle_event_type(EventType::ERROR));
    BOOST_TEST(journal.can_handle_event_type(EventType{100}));
    BOOST_TEST(journal.event_types().empty());
}

BOOST_AUTO_TEST_CASE(filtered_listener_accepts_only_what_passes_its_predicate) {
    EthOnly eth;
    BOOST_TEST(eth.can_handle_event_type(EventType::MARKET_DATA));
    BOOST_TEST(eth.accepts(Event(EventType::MARKET_DATA, {{"symbol", "ETH-USD"}})));
    BOOST_TEST(!eth.accepts(Event(EventType::MARKET_DATA, {{"symbol", "BTC-USD"}})));
}

BOOST_AUTO_TEST_CASE(filtered_listener_needs_a_predicate) {
    struct NoPredicate : FilteredEventListener {
        NoPredicate() : FilteredEventListener("none", {EventType::INFO}, nullptr) {}
        void handle_event(const Event& /*event*/) override {}
    };
    BOOST_CHECK_THROW(NoPredicate{}, std::invalid_argument);
}
