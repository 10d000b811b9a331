#include "pacer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "exchange_gateway.hpp"
#include "feed_client.hpp"

namespace liquid_trader {
namespace {

namespace asio = boost::asio;
namespace core = liquid_energy::core;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

void signal(core::EventEngine& engine, boost::json::object data) {
    engine.put(core::Event(core::EventType::SYSTEM, std::move(data), std::string(pacer_source)));
}

/// False if the exchange link gave up.
asio::awaitable<bool> barrier(core::EventEngine& engine, ExchangeGateway& gateway,
                              bool end_of_session) {
    signal(engine, {{"kind", exchange_barrier_kind}, {"end_of_session", end_of_session}});
    const auto [error] = co_await gateway.acks().async_take(use_tuple);
    co_return !error;
}

/// False once the ticks stop.
asio::awaitable<bool> take_ticks(FeedClient& feed, std::uint64_t count) {
    for (std::uint64_t taken = 0; taken < count; ++taken) {
        const auto [error] = co_await feed.ticks().async_take(use_tuple);
        if (error) co_return false;
    }
    co_return true;
}

}  // namespace

asio::awaitable<bool> pace_rounds(core::EventEngine& engine, FeedClient& feed,
                                  ExchangeGateway& gateway, PacingOptions options) {
    const std::uint64_t round = options.lockstep ? 1 : options.round_ticks;
    if (!co_await barrier(engine, gateway, false)) co_return false;
    for (;;) {
        signal(engine, {{"kind", grant_ticks_kind}, {"count", round}});
        if (!co_await take_ticks(feed, round)) co_return true;
        if (options.lockstep) co_await engine.async_wait_idle(asio::use_awaitable);
        if (!co_await barrier(engine, gateway, false)) co_return false;
        if (options.lockstep) co_await engine.async_wait_idle(asio::use_awaitable);
    }
}

asio::awaitable<void> close_exchange_session(core::EventEngine& engine, ExchangeGateway& gateway) {
    // The orders of the last ticks must reach the exchange before the end of its session.
    co_await engine.async_wait_idle(asio::use_awaitable);
    co_await barrier(engine, gateway, true);
}

}  // namespace liquid_trader
