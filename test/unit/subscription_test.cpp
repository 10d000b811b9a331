#define BOOST_TEST_MODULE subscription
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/log/core.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/test/unit_test.hpp>

#include "io_thread.hpp"
#include "liquid_energy/core.hpp"
#include "recording_listener.hpp"

namespace asio = boost::asio;
using namespace liquid_energy::core;
using namespace std::chrono_literals;
using boost::system::error_code;
using liquid_energy::test::default_deadline;
using liquid_energy::test::field;
using liquid_energy::test::IoThread;
using liquid_energy::test::wait_until;

namespace {

Event market(int seq) { return Event(EventType::MARKET_DATA, {{"seq", seq}}); }

struct Received {
    error_code error;
    std::optional<Event> event;
};

/// A callback that hands its completion to the test thread.
struct Catch {
    std::shared_ptr<std::promise<Received>> promise = std::make_shared<std::promise<Received>>();
    std::future<Received> future = promise->get_future();

    auto handler() {
        return [promise = promise](error_code error, Event event) {
            promise->set_value({error, std::move(event)});
        };
    }
    Received get() {
        BOOST_REQUIRE(future.wait_for(default_deadline) == std::future_status::ready);
        return future.get();
    }
};

template <typename T>
T wait_for(std::future<T>& future) {
    BOOST_REQUIRE(future.wait_for(default_deadline) == std::future_status::ready);
    return future.get();
}

struct Fixture {
    // Declared first so that it goes last: a completion for it may still be on its way out of
    // an engine thread until the engine has stopped.
    IoThread consumer;
    EventEngine engine{EngineOptions{.threads = 2}};
    Fixture() { engine.start(); }

    /// Puts the events and waits until the one subscription has seen them all.
    void put_handled(std::initializer_list<int> seqs) {
        const auto seen = [this] { return engine.stats().handled + engine.stats().filtered; };
        const auto target = seen() + seqs.size();
        for (const int seq : seqs) engine.put(market(seq));
        BOOST_REQUIRE(wait_until([&] { return seen() >= target; }));
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(subscription, Fixture)

BOOST_AUTO_TEST_CASE(a_callback_receives_the_events_in_order) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    engine.put(market(1));
    engine.put(Event(EventType::INFO));
    engine.put(market(2));
    for (const int expected : {1, 2}) {
        Catch received;
        sub.async_receive(received.handler());
        const auto result = received.get();
        BOOST_TEST(!result.error);
        BOOST_TEST(field(*result.event, "seq") == expected);
    }
}

BOOST_AUTO_TEST_CASE(a_completion_never_runs_inside_async_receive) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    put_handled({1});
    asio::io_context consumer;
    bool returned = false;
    bool completed_after_return = false;
    asio::post(consumer, [&] {
        sub.async_receive(asio::bind_executor(
            consumer, [&](error_code, Event) { completed_after_return = returned; }));
        returned = true;
    });
    consumer.run_for(default_deadline);
    BOOST_TEST(completed_after_return);
}

BOOST_AUTO_TEST_CASE(use_future_yields_the_next_event) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    auto next = sub.async_receive(asio::use_future);
    engine.put(market(7));
    BOOST_TEST(field(wait_for(next), "seq") == 7);
}

BOOST_AUTO_TEST_CASE(a_coroutine_loop_receives_until_the_subscription_is_closed) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    std::atomic<std::size_t> count{0};
    using Outcome = std::pair<std::vector<std::int64_t>, error_code>;
    auto loop = asio::co_spawn(
        consumer.get_executor(),
        [&]() -> asio::awaitable<Outcome> {
            std::vector<std::int64_t> seqs;
            for (;;) {
                auto [error, event] =
                    co_await sub.async_receive(asio::as_tuple(asio::use_awaitable));
                if (error) co_return Outcome{seqs, error};
                seqs.push_back(field(event, "seq"));
                ++count;
            }
        },
        asio::use_future);
    engine.put(market(1));
    engine.put(market(2));
    engine.put(market(3));
    BOOST_REQUIRE(wait_until([&] { return count == 3; }));
    sub.close();
    const auto [seqs, error] = wait_for(loop);
    BOOST_TEST(seqs == (std::vector<std::int64_t>{1, 2, 3}), boost::test_tools::per_element());
    BOOST_TEST(error == asio::error::eof);
}

BOOST_AUTO_TEST_CASE(a_deferred_receive_starts_only_when_launched) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    auto receive = sub.async_receive();
    put_handled({1});
    // Had the deferred receive started, it would own the event and try_receive would get nothing.
    const auto taken = sub.try_receive();
    BOOST_REQUIRE(taken);
    BOOST_TEST(field(*taken, "seq") == 1);

    Catch received;
    std::move(receive)(received.handler());
    engine.put(market(2));
    BOOST_TEST(field(*received.get().event, "seq") == 2);
}

BOOST_AUTO_TEST_CASE(a_coroutine_can_await_the_default_deferred_token) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    auto seq = asio::co_spawn(
        consumer.get_executor(),
        [&]() -> asio::awaitable<std::int64_t> {
            co_return field(co_await sub.async_receive(), "seq");
        },
        asio::use_future);
    engine.put(market(5));
    BOOST_TEST(wait_for(seq) == 5);
}

BOOST_AUTO_TEST_CASE(the_cancellation_slot_aborts_a_pending_receive) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    asio::cancellation_signal cancel;
    Catch received;
    sub.async_receive(asio::bind_cancellation_slot(cancel.slot(), received.handler()));
    cancel.emit(asio::cancellation_type::terminal);
    BOOST_TEST(received.get().error == asio::error::operation_aborted);

    engine.put(market(1));
    auto next = sub.async_receive(asio::use_future);
    BOOST_TEST(field(wait_for(next), "seq") == 1);
}

BOOST_AUTO_TEST_CASE(a_receive_cancelled_before_its_completion_ran_leaves_the_event_buffered) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    asio::io_context consumer;  // not run yet: the completion waits there
    asio::cancellation_signal cancel;
    std::optional<error_code> outcome;
    sub.async_receive(asio::bind_cancellation_slot(
        cancel.slot(),
        asio::bind_executor(consumer, [&](error_code error, Event) { outcome = error; })));
    put_handled({1});
    cancel.emit(asio::cancellation_type::terminal);
    consumer.run_for(default_deadline);

    BOOST_TEST((outcome == asio::error::operation_aborted));
    const auto kept = sub.try_receive();
    BOOST_REQUIRE(kept);
    BOOST_TEST(field(*kept, "seq") == 1);
}

BOOST_AUTO_TEST_CASE(or_with_a_timer_gives_a_receive_timeout) {
    using namespace asio::experimental::awaitable_operators;
    Subscription sub(engine, {EventType::MARKET_DATA});
    auto outcomes = asio::co_spawn(
        consumer.get_executor(),
        [&]() -> asio::awaitable<std::vector<std::size_t>> {
            std::vector<std::size_t> winners;
            asio::steady_timer timeout(co_await asio::this_coro::executor);
            for (int round = 0; round < 2; ++round) {
                // Round 0 has nothing to receive; round 1's event is already put, and only a
                // generous timeout keeps that from being a race on a loaded machine.
                timeout.expires_after(round == 0 ? 20ms : default_deadline);
                auto winner = co_await (sub.async_receive(asio::use_awaitable) ||
                                        timeout.async_wait(asio::use_awaitable));
                winners.push_back(winner.index());
                if (round == 0) engine.put(market(1));
            }
            co_return winners;
        },
        asio::use_future);
    const auto winners = wait_for(outcomes);
    BOOST_REQUIRE(winners.size() == 2U);
    BOOST_TEST(winners[0] == 1U);  // nothing came: the timer won
    BOOST_TEST(winners[1] == 0U);  // the subscription still works after the cancelled receive
}

BOOST_AUTO_TEST_CASE(a_full_buffer_conflates_market_data_per_symbol_in_place) {
    Subscription sub(engine, {EventType::MARKET_DATA}, {}, 2);
    const auto tick = [&](const char* symbol, int seq) {
        const auto target = engine.stats().handled + engine.stats().filtered + 1;
        engine.put(Event(EventType::MARKET_DATA, {{"symbol", symbol}, {"seq", seq}}));
        BOOST_REQUIRE(
            wait_until([&] { return engine.stats().handled + engine.stats().filtered >= target; }));
    };
    tick("A", 1);
    tick("B", 2);
    tick("A", 3);  // takes the place of A 1
    tick("A", 4);  // takes the place of A 3
    tick("C", 5);  // no C waiting: buffered beyond the capacity
    BOOST_TEST(sub.conflated() == 2U);
    BOOST_TEST(sub.backlog() == 3U);
    // The engine does not count a conflated tick as handled.
    BOOST_TEST(engine.stats().filtered == 2U);
    BOOST_TEST(engine.stats().handled == 3U);
    const auto gap = sub.take_gap();
    BOOST_TEST(gap.conflated == 2U);
    BOOST_TEST((gap.symbols == std::set<std::string>{"A"}));
    BOOST_TEST(sub.take_gap().conflated == 0U);
    for (const int expected : {4, 2, 5}) {
        const auto event = sub.try_receive();
        BOOST_REQUIRE(event);
        BOOST_TEST(field(*event, "seq") == expected);
    }
    BOOST_TEST(!sub.try_receive());
}

BOOST_AUTO_TEST_CASE(lossless_types_are_never_dropped_past_the_capacity) {
    Subscription sub(engine, {EventType::ORDER_UPDATE, EventType::TRADE_UPDATE}, {}, 2);
    const auto target = engine.stats().handled + 100;
    for (int seq = 0; seq < 100; ++seq) {
        engine.put(Event(seq % 2 == 0 ? EventType::ORDER_UPDATE : EventType::TRADE_UPDATE,
                         {{"seq", seq}}));
    }
    BOOST_REQUIRE(wait_until([&] { return engine.stats().handled >= target; }));
    BOOST_TEST(sub.backlog() == 100U);
    BOOST_TEST(sub.conflated() == 0U);
    for (int seq = 0; seq < 100; ++seq) {
        const auto event = sub.try_receive();
        BOOST_REQUIRE(event);
        BOOST_TEST(field(*event, "seq") == seq);
    }
}

BOOST_AUTO_TEST_CASE(an_overflow_is_logged_once_per_episode) {
    namespace sinks = boost::log::sinks;
    auto log = boost::make_shared<std::ostringstream>();
    auto backend = boost::make_shared<sinks::text_ostream_backend>();
    backend->add_stream(log);
    auto sink = boost::make_shared<sinks::synchronous_sink<sinks::text_ostream_backend>>(backend);
    boost::log::core::get()->add_sink(sink);
    Subscription sub(engine, {EventType::MARKET_DATA}, {}, 2);
    const auto count_warnings = [&] {
        sink->flush();
        const auto text = log->str();
        std::size_t count = 0;
        for (auto at = text.find(sub.name() + " is full"); at != std::string::npos;
             at = text.find(sub.name() + " is full", at + 1)) {
            ++count;
        }
        return count;
    };

    put_handled({1, 2, 3, 4, 5});
    BOOST_TEST(count_warnings() == 1U);
    while (sub.try_receive()) {
    }
    put_handled({6, 7, 8});
    BOOST_TEST(count_warnings() == 2U);
    // Without a symbol, market data is one group: 3, 4, 5 and then 8 took a waiting one's place.
    BOOST_TEST(sub.conflated() == 4U);
    boost::log::core::get()->remove_sink(sink);
}

BOOST_AUTO_TEST_CASE(the_filter_selects_the_events) {
    Subscription sub(engine, {EventType::MARKET_DATA},
                     [](const Event& event) { return field(event, "seq") % 2 == 0; });
    put_handled({1, 2, 3, 4});
    BOOST_TEST(field(*sub.try_receive(), "seq") == 2);
    BOOST_TEST(field(*sub.try_receive(), "seq") == 4);
    BOOST_TEST(!sub.try_receive());
}

BOOST_AUTO_TEST_CASE(close_completes_the_pending_receive_and_every_later_one_with_eof) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    Catch pending;
    sub.async_receive(pending.handler());
    sub.close();
    BOOST_TEST(pending.get().error == asio::error::eof);

    engine.put(market(1));
    Catch later;
    sub.async_receive(later.handler());
    BOOST_TEST(later.get().error == asio::error::eof);
    BOOST_TEST(!sub.try_receive());
}

BOOST_AUTO_TEST_CASE(destruction_completes_the_pending_receive_and_unregisters) {
    Catch pending;
    std::string name;
    {
        Subscription sub(engine, {EventType::MARKET_DATA});
        name = sub.name();
        sub.async_receive(pending.handler());
    }
    BOOST_TEST(pending.get().error == asio::error::eof);
    for (const auto& listener : engine.get_listeners()) BOOST_TEST(listener->name() != name);
}

BOOST_AUTO_TEST_CASE(a_second_receive_while_one_is_pending_fails_with_in_progress) {
    Subscription sub(engine, {EventType::MARKET_DATA});
    Catch first;
    Catch second;
    sub.async_receive(first.handler());
    sub.async_receive(second.handler());
    BOOST_TEST(second.get().error == asio::error::in_progress);
    engine.put(market(1));
    BOOST_TEST(field(*first.get().event, "seq") == 1);
}

BOOST_AUTO_TEST_CASE(subscriptions_have_unique_names_and_refuse_a_zero_capacity) {
    Subscription first(engine, {EventType::MARKET_DATA});
    Subscription second(engine, {EventType::MARKET_DATA});
    BOOST_TEST(first.name() != second.name());
    BOOST_CHECK_THROW(Subscription(engine, {EventType::MARKET_DATA}, {}, 0), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
