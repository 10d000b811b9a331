#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_energy/core/detail/run_state.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "liquid_energy/core/subscription.hpp"
#include "liquid_energy/wire/line_stream.hpp"
#include "liquid_energy/wire/read_pacer.hpp"

namespace liquid_energy::wire {

/// Writes the events of some types to a connected stream (a TCP socket, a TLS stream: see
/// LineStream), one JSON line each (the format of json_line.hpp). Events are taken from the engine
/// from construction on, through a core::Subscription; one write is in flight at a time, and the
/// events waiting when it ends, up to `max_batch`, go out together in the next one.
///
/// When the peer reads too slowly and `capacity` events wait, the engine's policies apply per type
/// (see core::Subscription): market data is conflated per symbol, and before the next events the
/// peer gets a SYSTEM line {"component", "status": "gap", "conflated": N, "symbols": [...]}; every
/// other type is kept. The writer is then a ReadPacer that is not ready: the reader of the same
/// peer (JsonLineConnector's `pacer`) stops reading until the writer is back to `capacity` waiting.
/// If it is not back within `catch_up_deadline`, the peer gets a last ERROR line {"component",
/// "error_message", "reason": "too_slow"} and the run ends with boost::asio::error::timed_out
/// (once the last line is written, or after another `catch_up_deadline`).
///
/// The caller owns the stream and the threads: the writer runs on the stream's executor (give it a
/// strand when a JsonLineConnector shares the stream and the executor has several threads). Beware
/// echo loops when the same engine also holds events read from this connection: `filter` can
/// refuse them, e.g. by their source. The writer must outlive its run, and the engine the writer.
class JsonLineWriter : public ReadPacer {
  public:
    using Signature = core::detail::RunState::Signature;

    struct Options {
        /// Names the writer in the ERROR events it reports.
        std::string name = "json_line_writer";
        /// Which events of the types to write; empty writes them all.
        core::Subscription::Filter filter{};
        /// Events waiting to be written, at most.
        std::size_t capacity = core::Subscription::default_capacity;
        /// Events gathered into one write, at most.
        std::size_t max_batch = 64;
        /// How long the peer may stay more than `capacity` events behind.
        std::chrono::steady_clock::duration catch_up_deadline = std::chrono::seconds(10);
    };

    JsonLineWriter(LineStream stream, core::EventEngine& engine,
                   std::vector<core::EventType> event_types, Options options);
    JsonLineWriter(LineStream stream, core::EventEngine& engine,
                   std::vector<core::EventType> event_types)
        : JsonLineWriter(stream, engine, std::move(event_types), Options()) {}

    JsonLineWriter(const JsonLineWriter&) = delete;
    JsonLineWriter& operator=(const JsonLineWriter&) = delete;

    /// Writes events until the writer is closed, cancelled or a write fails; then the writer takes
    /// no more events (a writer runs once). Completion signature `void(boost::system::error_code)`:
    /// - success: `close()` was called; the write in flight was finished first.
    /// - boost::asio::error::operation_aborted: cancelled through the handler's cancellation slot
    ///   (terminal cancellation) or by closing the stream; a line may be cut short on the wire.
    /// - boost::asio::error::in_progress: the writer is already running.
    /// - boost::asio::error::timed_out: the peer stayed behind past `catch_up_deadline`.
    /// - a write error, also reported as an ERROR event {"component", "error_message"}.
    template <
        boost::asio::completion_token_for<Signature> CompletionToken = boost::asio::deferred_t>
    auto async_run(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            [this](auto handler) { async_run_impl(std::move(handler)); }, token);
    }

    /// Thread-safe. Ends the run once the write in flight is done; events not yet written are
    /// discarded.
    void close() { subscription_.close(); }

    /// Market data conflated because the peer fell behind by more than `capacity`.
    std::uint64_t conflated() const { return subscription_.conflated(); }

    /// Ready while at most `capacity` events wait to be written (see ReadPacer).
    void async_wait_ready(
        boost::asio::any_completion_handler<ReadPacer::Signature> handler) override;

  private:
    void async_run_impl(boost::asio::any_completion_handler<Signature> handler);
    void receive();
    void on_event(const boost::system::error_code& error, const core::Event& event);
    void on_write(const boost::system::error_code& error);
    void finish(boost::system::error_code error);
    void write(std::string lines);
    void write_farewell();
    std::string gap_line();
    bool behind() const;
    void release_reader(boost::system::error_code error);
    void start_deadline();
    void on_deadline();

    LineStream stream_;
    core::EventEngine& engine_;
    const Options options_;
    core::Subscription subscription_;
    core::detail::RunState run_;
    // Touched only on the stream's executor while running.
    std::string lines_;
    boost::asio::steady_timer deadline_;
    bool deadline_pending_ = false;
    bool writing_ = false;
    bool expired_ = false;
    bool farewell_sent_ = false;
    bool finished_ = false;
    std::optional<boost::asio::any_completion_handler<ReadPacer::Signature>> waiting_reader_;
};

}  // namespace liquid_energy::wire
