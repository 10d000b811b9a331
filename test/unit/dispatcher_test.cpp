#define BOOST_TEST_MODULE dispatcher
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "engine/dispatcher.hpp"
#include "engine/event_record.hpp"
#include "engine/listener_slot.hpp"
#include "engine/routing_board.hpp"
#include "ledger_rig.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::core;
using namespace liquid_energy::core::detail;
using liquid_energy::test::handled_seqs;
using liquid_energy::test::LedgerRig;
using liquid_energy::test::recorder;
using liquid_energy::test::RecordingListener;

namespace {

/// A dispatcher over units of its own, on a test's io_context driven with poll(): the test puts
/// as the engine does (count in, push, wake) and registers by publishing routing tables.
struct DispatchRig : LedgerRig {
    DispatchRig() : dispatcher(board, admission, *ledger, std::nullopt, {}) {}

    std::shared_ptr<RecordingListener> add(const std::string& name, std::vector<EventType> types) {
        auto listener = recorder(name, std::move(types));
        slots.push_back(std::make_shared<ListenerSlot>(listener, 100'000, ledger));
        board.publish(slots);
        return listener;
    }

    void put(Event event, Lane lane = Lane::normal) {
        admission.count_in();
        dispatcher.push(EventAccess::take(std::move(event)), lane);
        dispatcher.wake();
    }

    RoutingBoard board;
    RoutingTable::Slots slots;
    Dispatcher dispatcher;
};

Event tick(int seq) { return Event(EventType::MARKET_DATA, {{"seq", seq}}); }
Event order(int seq) { return Event(EventType::ORDER_UPDATE, {{"seq", seq}}); }

}  // namespace

BOOST_AUTO_TEST_CASE(each_event_reaches_every_listener_routed_for_it_in_put_order) {
    DispatchRig rig;
    const auto both = rig.add("both", {EventType::MARKET_DATA, EventType::ORDER_UPDATE});
    const auto orders = rig.add("orders", {EventType::ORDER_UPDATE});
    std::vector<std::int64_t> all;
    std::vector<std::int64_t> order_seqs;
    for (int seq = 0; seq < 1'000; ++seq) {
        const bool is_order = seq % 3 == 0;
        rig.put(is_order ? order(seq) : tick(seq));
        all.push_back(seq);
        if (is_order) order_seqs.push_back(seq);
    }
    BOOST_TEST(both->count() == 0U, "nothing is routed until the executor runs");
    rig.drain();
    BOOST_TEST(handled_seqs(*both) == all, boost::test_tools::per_element());
    BOOST_TEST(handled_seqs(*orders) == order_seqs, boost::test_tools::per_element());
    BOOST_TEST(rig.admission.backlog() == 0U, "one delivery per listener, each counted down");
}

BOOST_AUTO_TEST_CASE(urgent_events_are_routed_ahead_of_normal_ones_waiting_with_them) {
    DispatchRig rig;
    const auto listener = rig.add("both", {EventType::MARKET_DATA, EventType::ORDER_UPDATE});
    for (int seq = 0; seq < 3; ++seq) rig.put(tick(seq));
    rig.put(order(100), Lane::urgent);
    rig.drain();
    BOOST_TEST(handled_seqs(*listener) == (std::vector<std::int64_t>{100, 0, 1, 2}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_flood_of_urgent_events_does_not_hold_back_the_normal_ones) {
    DispatchRig rig;
    const auto listener = rig.add("both", {EventType::MARKET_DATA, EventType::ORDER_UPDATE});
    rig.put(tick(0));
    for (int seq = 1; seq <= 2'000; ++seq) rig.put(order(seq), Lane::urgent);
    rig.drain();
    const auto seqs = handled_seqs(*listener);
    BOOST_REQUIRE(seqs.size() == 2'001U);
    // The first round routes the tick with the first urgent events; the batch that takes it
    // handles one take of urgent events first and one more before its first normal event.
    const auto tick_position = std::find(seqs.begin(), seqs.end(), 0) - seqs.begin();
    BOOST_TEST(tick_position <= std::ptrdiff_t(2 * ListenerSlot::max_batch));
    BOOST_TEST(rig.admission.backlog() == 0U);
}

BOOST_AUTO_TEST_CASE(an_event_no_listener_takes_leaves_the_backlog) {
    DispatchRig rig;
    const auto orders = rig.add("orders", {EventType::ORDER_UPDATE});
    for (int seq = 0; seq < 10; ++seq) rig.put(tick(seq));
    rig.drain();
    BOOST_TEST(orders->count() == 0U);
    BOOST_TEST(rig.admission.backlog() == 0U);
}

BOOST_AUTO_TEST_CASE(a_listener_published_later_takes_what_is_routed_after_it) {
    DispatchRig rig;
    const auto first = rig.add("first", {EventType::MARKET_DATA});
    rig.put(tick(0));
    rig.drain();
    const auto second = rig.add("second", {EventType::MARKET_DATA});
    rig.put(tick(1));
    rig.drain();
    BOOST_TEST(handled_seqs(*first) == (std::vector<std::int64_t>{0, 1}),
               boost::test_tools::per_element());
    BOOST_TEST(handled_seqs(*second) == (std::vector<std::int64_t>{1}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(discarding_releases_what_was_never_routed) {
    DispatchRig rig;
    const auto listener = rig.add("md", {EventType::MARKET_DATA});
    for (int seq = 0; seq < 5; ++seq) {
        rig.admission.count_in();
        rig.dispatcher.push(EventAccess::take(tick(seq)), Lane::normal);
    }
    BOOST_TEST(rig.dispatcher.discard_queued() == 5U);
    BOOST_TEST(rig.dispatcher.discard_queued() == 0U);
    rig.drain();
    BOOST_TEST(listener->count() == 0U);
}

BOOST_AUTO_TEST_CASE(a_posted_run_keeps_the_dispatchers_owner_alive) {
    DispatchRig rig;
    const auto listener = rig.add("md", {EventType::MARKET_DATA});
    auto owner = std::make_shared<int>(0);
    const std::weak_ptr<int> watched = owner;
    rig.dispatcher.keep_alive_with(owner);
    BOOST_TEST(owner.use_count() == 1, "held weakly while no run waits: no cycle with the owner");
    rig.put(tick(0));
    owner.reset();
    BOOST_TEST(!watched.expired(), "held by the run waiting on the executor");
    rig.drain();
    BOOST_TEST(watched.expired());
    BOOST_TEST(listener->count() == 1U);
}
