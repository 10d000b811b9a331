#define BOOST_TEST_MODULE mailbox
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "engine/event_record.hpp"
#include "engine/mailbox.hpp"
#include "engine/record_pool.hpp"

using namespace liquid_energy::core;
using namespace liquid_energy::core::detail;

namespace {

/// Records made for a test and released when it ends.
class Records {
  public:
    ~Records() {
        for (EventRecord* record : owned_) RecordPool::release(record);
    }

    EventRecord* make(EventType type, std::string symbol, int seq) {
        owned_.push_back(EventAccess::take(Event(type, {{"symbol", symbol}, {"seq", seq}})));
        return owned_.back();
    }

  private:
    std::vector<EventRecord*> owned_;
};

std::int64_t seq_of(const EventRecord* record) { return record->data.get().at("seq").as_int64(); }

std::vector<std::int64_t> take_all(Mailbox& mailbox, Lane lane) {
    std::vector<std::int64_t> seqs;
    std::array<EventRecord*, 3> out{};
    while (const std::size_t count = mailbox.take(lane, out)) {
        for (std::size_t i = 0; i < count; ++i) seqs.push_back(seq_of(out[i]));
    }
    return seqs;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_ring_keeps_first_in_first_out_across_growth_and_wraparound) {
    Records records;
    RecordRing ring;
    std::vector<std::int64_t> taken;
    std::array<EventRecord*, 7> out{};
    int next = 0;
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 11; ++i) ring.push(records.make(EventType::INFO, "", next++));
        const std::size_t count = ring.take(out);
        for (std::size_t i = 0; i < count; ++i) taken.push_back(seq_of(out[i]));
    }
    while (const std::size_t count = ring.take(out)) {
        for (std::size_t i = 0; i < count; ++i) taken.push_back(seq_of(out[i]));
    }
    BOOST_REQUIRE(taken.size() == 550U);
    for (std::size_t i = 0; i < taken.size(); ++i) BOOST_TEST(taken[i] == std::int64_t(i));
    BOOST_TEST(ring.empty());
}

BOOST_AUTO_TEST_CASE(lanes_are_independent_queues) {
    Records records;
    Mailbox mailbox;
    mailbox.push(Lane::normal, records.make(EventType::MARKET_DATA, "A", 1));
    mailbox.push(Lane::urgent, records.make(EventType::ERROR, "", 2));
    mailbox.push(Lane::normal, records.make(EventType::MARKET_DATA, "A", 3));
    BOOST_TEST(mailbox.size() == 3U);
    BOOST_TEST(take_all(mailbox, Lane::urgent) == std::vector<std::int64_t>{2});
    BOOST_TEST(take_all(mailbox, Lane::normal) == (std::vector<std::int64_t>{1, 3}));
}

BOOST_AUTO_TEST_CASE(conflation_replaces_the_waiting_event_of_the_same_key_in_its_place) {
    Records records;
    Mailbox mailbox;
    std::vector<EventRecord*> replaced;
    const auto push = [&](std::string symbol, int seq) {
        EventRecord* record = records.make(EventType::MARKET_DATA, symbol, seq);
        const std::string_view key = record->data.get().at("symbol").as_string();
        if (EventRecord* older = mailbox.push_keyed(record, key, true)) replaced.push_back(older);
    };
    push("BTC", 1);
    push("ETH", 2);
    push("BTC", 3);
    push("SOL", 4);
    push("ETH", 5);
    BOOST_TEST(replaced.size() == 2U);
    BOOST_TEST(take_all(mailbox, Lane::normal) == (std::vector<std::int64_t>{3, 5, 4}));
}

BOOST_AUTO_TEST_CASE(conflation_never_reaches_an_event_already_taken) {
    Records records;
    Mailbox mailbox;
    EventRecord* first = records.make(EventType::MARKET_DATA, "BTC", 1);
    BOOST_TEST(mailbox.push_keyed(first, "BTC", true) == nullptr);
    BOOST_TEST(take_all(mailbox, Lane::normal) == std::vector<std::int64_t>{1});
    EventRecord* second = records.make(EventType::MARKET_DATA, "BTC", 2);
    BOOST_TEST(mailbox.push_keyed(second, "BTC", true) == nullptr);
    BOOST_TEST(take_all(mailbox, Lane::normal) == std::vector<std::int64_t>{2});
}

BOOST_AUTO_TEST_CASE(conflation_keys_events_of_different_types_apart) {
    Records records;
    Mailbox mailbox;
    BOOST_TEST(mailbox.push_keyed(records.make(EventType::MARKET_DATA, "A", 1), "A", true) ==
               nullptr);
    BOOST_TEST(mailbox.push_keyed(records.make(EventType{100}, "A", 2), "A", true) == nullptr);
    BOOST_TEST(mailbox.size() == 2U);
}

BOOST_AUTO_TEST_CASE(a_replacement_takes_the_place_of_the_newest_waiting_event_of_its_key) {
    Records records;
    Mailbox mailbox;
    // Below the limit events of a key queue up; at the limit the next one replaces the newest.
    BOOST_TEST(mailbox.push_keyed(records.make(EventType::MARKET_DATA, "K", 0), "K", false) ==
               nullptr);
    BOOST_TEST(mailbox.push_keyed(records.make(EventType::MARKET_DATA, "K", 65), "K", false) ==
               nullptr);
    EventRecord* replaced =
        mailbox.push_keyed(records.make(EventType::MARKET_DATA, "K", 66), "K", true);
    BOOST_REQUIRE(replaced != nullptr);
    BOOST_TEST(seq_of(replaced) == 65);
    BOOST_TEST(take_all(mailbox, Lane::normal) == (std::vector<std::int64_t>{0, 66}));
}
