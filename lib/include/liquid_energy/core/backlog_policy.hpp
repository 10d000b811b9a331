#pragma once

#include <chrono>
#include <string>

namespace liquid_energy::core {

/// What `put` does with an event of a type when the engine's backlog, or the backlog of a listener
/// the event is routed to, is at its limit.
enum class OverflowPolicy {
    /// The producer waits, up to `BacklogPolicy::block_timeout`, for room; then the event is
    /// refused with PutStatus::timed_out. Inside a handler, or on a thread that runs the engine's
    /// io_context, `put` never waits (it could wait for itself): the event is accepted over the
    /// limit, so that a cause's consequences are not lost.
    block,
    /// The event is refused at once with PutStatus::backlog_full.
    reject,
    /// For MARKET_DATA only: a listener at its limit keeps only the newest waiting event per
    /// value of `BacklogPolicy::conflation_key` (a string field, such as the symbol); the events
    /// it replaces are counted as conflated. Other listeners are not held up. At the engine-wide
    /// limit it blocks like `block`. Events without a string under the key are never conflated.
    conflate,
};

/// The overflow policy of an event type.
struct BacklogPolicy {
    OverflowPolicy overflow = OverflowPolicy::block;
    /// How long `block` (and `conflate` at the engine-wide limit) lets a producer wait.
    std::chrono::steady_clock::duration block_timeout = std::chrono::seconds(5);
    /// The payload field whose string value groups the events `conflate` replaces.
    std::string conflation_key = "symbol";
};

}  // namespace liquid_energy::core
