#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_energy/core/detail/run_state.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "liquid_energy/core/subscription.hpp"

namespace liquid_energy::core {

/// Writes the events of some types to a connected TCP socket, one JSON line each (the format of
/// json_line.hpp). Events are taken from the engine from construction on, through a Subscription:
/// when the peer reads too slowly, the oldest waiting events are dropped and counted (see
/// Subscription). One write is in flight at a time; the events waiting when it ends, up to
/// `max_batch`, go out together in the next one.
///
/// The caller owns the socket and the threads: the writer runs on the socket's executor (give it a
/// strand when a JsonLineConnector shares the socket and the executor has several threads). Beware
/// echo loops when the same engine also holds events read from this connection: `filter` can
/// refuse them, e.g. by their source. The writer must outlive its run, and the engine the writer.
class JsonLineWriter {
  public:
    using Signature = detail::RunState::Signature;

    struct Options {
        /// Names the writer in the ERROR events it reports.
        std::string name = "json_line_writer";
        /// Which events of the types to write; empty writes them all.
        Subscription::Filter filter{};
        /// Events waiting to be written, at most.
        std::size_t capacity = Subscription::default_capacity;
        /// Events gathered into one write, at most.
        std::size_t max_batch = 64;
    };

    JsonLineWriter(boost::asio::ip::tcp::socket& socket, EventEngine& engine,
                   std::vector<EventType> event_types, Options options);
    JsonLineWriter(boost::asio::ip::tcp::socket& socket, EventEngine& engine,
                   std::vector<EventType> event_types)
        : JsonLineWriter(socket, engine, std::move(event_types), Options()) {}

    JsonLineWriter(const JsonLineWriter&) = delete;
    JsonLineWriter& operator=(const JsonLineWriter&) = delete;

    /// Writes events until the writer is closed, cancelled or a write fails; then the writer takes
    /// no more events (a writer runs once). Completion signature `void(boost::system::error_code)`:
    /// - success: `close()` was called; the write in flight was finished first.
    /// - boost::asio::error::operation_aborted: cancelled through the handler's cancellation slot
    ///   (terminal cancellation) or by closing the socket; a line may be cut short on the wire.
    /// - boost::asio::error::in_progress: the writer is already running.
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

    /// Events dropped because the peer fell behind by more than `capacity`.
    std::uint64_t dropped() const { return subscription_.dropped(); }

  private:
    void async_run_impl(boost::asio::any_completion_handler<Signature> handler);
    void receive();
    void on_event(const boost::system::error_code& error, const Event& event);
    void on_write(const boost::system::error_code& error);
    void finish(boost::system::error_code error);

    boost::asio::ip::tcp::socket& socket_;
    EventEngine& engine_;
    const Options options_;
    Subscription subscription_;
    detail::RunState run_;
    // Touched only on the socket's executor while running.
    std::string lines_;
};

}  // namespace liquid_energy::core
