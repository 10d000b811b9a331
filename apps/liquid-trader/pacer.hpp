#pragma once

#include <cstdint>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "liquid_energy/core/event_engine.hpp"

namespace liquid_trader {

class FeedClient;
class ExchangeGateway;

// The pacer drives the feed client and the exchange gateway with SYSTEM events of source
// `pacer_source`, so that each reaches them after every event put before it.

inline constexpr std::string_view pacer_source = "pacer";
/// {"kind":"grant_ticks","count":N}: the feed client may let N more ticks come.
inline constexpr std::string_view grant_ticks_kind = "grant_ticks";
/// {"kind":"exchange_barrier","end_of_session":B}: the gateway sends the exchange a tick_done,
/// or an end_of_data when B, and the acknowledgement becomes a permit of its gate.
inline constexpr std::string_view exchange_barrier_kind = "exchange_barrier";

struct PacingOptions {
    /// One tick at a time, each closed as liquid-demo --lockstep closes it (see
    /// liquid_energy/trading/lockstep.hpp), for the same result.
    bool lockstep = false;
    /// Ticks let in per round when not in lockstep.
    std::uint64_t round_ticks = 256;
};

/// Runs a session in rounds until the ticks stop. Each round lets `round_ticks` ticks in (one in
/// lockstep), waits until they came, then puts a barrier through to the exchange and waits for
/// its acknowledgement; in lockstep the engine is idle before the barrier and again after it.
/// A first barrier, before any tick, waits for the exchange. So the feed, the desk and the
/// exchange never drift more than a round apart, and neither link's writer can fall behind.
///
/// Returns true once the ticks stop: the end of the data, the feed link giving up, or
/// `feed.ticks()` closed to interrupt the session (a barrier waiting for the exchange to come
/// back is waited for). Returns false if the exchange link gives up. Runs on any executor; the
/// engine must be running.
boost::asio::awaitable<bool> pace_rounds(liquid_energy::core::EventEngine& engine, FeedClient& feed,
                                         ExchangeGateway& gateway, PacingOptions options);

/// Closes the exchange's session once the engine is idle, so that every order gets its final
/// answer; returns after the acknowledgement, or at once if the exchange link gives up. Call it
/// once no more ticks can come in.
boost::asio::awaitable<void> close_exchange_session(liquid_energy::core::EventEngine& engine,
                                                    ExchangeGateway& gateway);

}  // namespace liquid_trader
