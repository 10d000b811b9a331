#define BOOST_TEST_MODULE listener_slot
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "engine/event_record.hpp"
#include "engine/listener_slot.hpp"
#include "ledger_rig.hpp"
#include "liquid_energy/core/engine_stats.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using namespace liquid_energy::core::detail;
using liquid_energy::test::field;
using liquid_energy::test::LedgerRig;
using liquid_energy::test::recorder;
using liquid_energy::test::RecordingListener;

namespace {

/// One listener's slot over a ledger of its own, on a test's io_context driven with poll(): the
/// test plays the dispatcher.
struct SlotRig : LedgerRig {
    explicit SlotRig(std::shared_ptr<RecordingListener> listener, std::size_t max_backlog = 100)
        : LedgerRig([this](Event error) { reported.push_back(std::move(error)); }),
          recording(std::move(listener)),
          slot(std::make_shared<ListenerSlot>(recording, max_backlog, ledger)) {}

    /// Counts the events in, as put does, and hands them to the slot; posts a batch if it was idle.
    void deliver(std::vector<Event> urgent, std::vector<Event> normal,
                 const ConflationRule* rule = nullptr) {
        std::vector<EventRecord*> urgent_records;
        std::vector<EventRecord*> normal_records;
        for (auto& event : urgent) urgent_records.push_back(counted_in(std::move(event)));
        for (auto& event : normal) normal_records.push_back(counted_in(std::move(event)));
        std::uint64_t conflated = 0;
        if (slot->deliver(urgent_records, normal_records, rule, conflated)) slot->post_batch();
        if (conflated != 0) ledger->complete(conflated);
    }

    EventRecord* counted_in(Event event) {
        admission.count_in();
        return EventAccess::take(std::move(event));
    }

    std::vector<std::int64_t> handled_seqs() const {
        return liquid_energy::test::handled_seqs(*recording);
    }

    std::vector<Event> reported;
    std::shared_ptr<RecordingListener> recording;
    std::shared_ptr<ListenerSlot> slot;
};

Event tick(int seq, std::string symbol = "ETH-USD") {
    return Event(EventType::MARKET_DATA, {{"symbol", symbol}, {"seq", seq}});
}

Event order(int seq) { return Event(EventType::ORDER_UPDATE, {{"seq", seq}}); }

std::vector<Event> ticks(int from, int count) {
    std::vector<Event> events;
    for (int seq = from; seq < from + count; ++seq) events.push_back(tick(seq));
    return events;
}

std::vector<std::int64_t> range(int from, int count) {
    std::vector<std::int64_t> seqs;
    for (int seq = from; seq < from + count; ++seq) seqs.push_back(seq);
    return seqs;
}

std::shared_ptr<RecordingListener> market_data(RecordingListener::Action action = {}) {
    return recorder("md", {EventType::MARKET_DATA, EventType::ORDER_UPDATE, EventType::ERROR},
                    std::move(action));
}

}  // namespace

BOOST_AUTO_TEST_CASE(delivered_events_are_handled_in_order_and_complete_the_backlog) {
    SlotRig rig(market_data());
    rig.deliver({}, ticks(0, 150));
    BOOST_TEST(rig.recording->count() == 0U, "nothing runs until the executor does");
    BOOST_TEST(rig.ledger->queued_batches() == 1U);
    rig.context.poll();
    BOOST_TEST(rig.handled_seqs() == range(0, 150), boost::test_tools::per_element());
    BOOST_TEST(rig.ledger->queued_batches() == 0U);
    BOOST_TEST(rig.admission.backlog() == 0U);
    const ListenerStats stats = rig.slot->stats();
    BOOST_TEST(stats.delivered == 150U);
    BOOST_TEST(stats.handled == 150U);
    BOOST_TEST(stats.backlog == 0U);
    EngineStats totals;
    rig.ledger->totals().fill(totals);
    BOOST_TEST(totals.handled == 150U);
}

BOOST_AUTO_TEST_CASE(urgent_events_overtake_waiting_normal_ones) {
    SlotRig rig(market_data());
    rig.deliver({}, ticks(0, 3));
    rig.deliver({order(100), order(101)}, ticks(3, 2));
    rig.context.poll();
    BOOST_TEST(rig.handled_seqs() == (std::vector<std::int64_t>{100, 101, 0, 1, 2, 3, 4}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_slot_at_its_limit_is_overloaded_until_its_batch_takes_it_below) {
    SlotRig rig(market_data(), 3);
    rig.deliver({}, ticks(0, 2));
    BOOST_TEST(!rig.slot->overloaded());
    rig.deliver({}, ticks(2, 1));
    BOOST_TEST(rig.slot->overloaded());
    BOOST_TEST(rig.slot->stats().overloaded);
    rig.context.poll();
    BOOST_TEST(!rig.slot->overloaded());
    BOOST_TEST(rig.recording->count() == 3U);
}

BOOST_AUTO_TEST_CASE(at_its_limit_a_keyed_event_replaces_its_waiting_namesake) {
    SlotRig rig(market_data(), 2);
    const ConflationRule rule{EventType::MARKET_DATA, "symbol"};
    rig.deliver({}, {tick(0, "ETH-USD"), tick(1, "BTC-USD")}, &rule);
    rig.deliver({}, {tick(2, "ETH-USD")}, &rule);
    rig.context.poll();
    BOOST_TEST(rig.handled_seqs() == (std::vector<std::int64_t>{2, 1}),
               boost::test_tools::per_element());
    BOOST_TEST(rig.slot->stats().conflated == 1U);
    EngineStats totals;
    rig.ledger->totals().fill(totals);
    BOOST_TEST(totals.conflated == 1U);
    BOOST_TEST(rig.admission.backlog() == 0U);
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_is_counted_and_reported_once_as_an_error_event) {
    SlotRig rig(market_data([](const Event& event) {
        if (event.type() == EventType::MARKET_DATA && field(event, "seq") == 1) {
            throw std::runtime_error("stale quote");
        }
        if (event.type() == EventType::ERROR) throw std::runtime_error("error handler broke");
    }));
    rig.deliver({}, ticks(0, 3));
    rig.deliver({}, {Event(EventType::ERROR, {{"seq", 3}})});
    rig.context.poll();
    BOOST_TEST(rig.recording->count() == 4U, "the events after a failure are still handled");
    BOOST_TEST(rig.slot->stats().failed == 2U);
    BOOST_TEST(rig.slot->stats().handled == 2U);
    BOOST_REQUIRE(rig.reported.size() == 1U);
    const auto& error = rig.reported.front().data();
    BOOST_TEST(error.at("error_message").as_string() == "stale quote");
    BOOST_TEST(error.at("component").as_string() == "md");
    BOOST_TEST(error.at("original_event_type_name").as_string() == "MARKET_DATA");
}

BOOST_AUTO_TEST_CASE(a_deactivated_slot_discards_what_waits) {
    SlotRig rig(market_data());
    rig.deliver({}, ticks(0, 5));
    rig.slot->deactivate(/*wait=*/false);
    rig.context.poll();
    BOOST_TEST(rig.recording->count() == 0U);
    BOOST_TEST(rig.slot->stats().discarded == 5U);
    BOOST_TEST(rig.admission.backlog() == 0U);
}

BOOST_AUTO_TEST_CASE(a_scheduled_batch_keeps_the_ledger_alive) {
    SlotRig rig(market_data());
    rig.deliver({}, ticks(0, 1));
    const std::weak_ptr<DeliveryLedger> ledger = rig.ledger;
    rig.ledger.reset();
    BOOST_TEST(!ledger.expired(), "held by the batch waiting on the executor");
    rig.context.poll();
    BOOST_TEST(ledger.expired());
    BOOST_TEST(rig.recording->count() == 1U);
}
