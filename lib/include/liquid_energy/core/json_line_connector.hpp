#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/object.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_energy/core/detail/line_framer.hpp"
#include "liquid_energy/core/detail/run_state.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::core {

/// Reads events from a connected TCP socket, one JSON line each (the format of json_line.hpp), and
/// puts them into an engine. The caller owns the socket and the threads: the connector runs on the
/// socket's executor (give it a strand when a JsonLineWriter shares the socket and the executor has
/// several threads) and keeps no socket alive.
///
/// Nothing read from the network throws. A bad line (malformed JSON, not an object, unknown type,
/// bad field) is reported as an ERROR event and reading goes on with the next line. A line longer
/// than `max_line_length` is reported likewise and skipped up to its newline. ERROR events carry
/// `component` (the connector's name), `error_message`, and `line`, the offending line cut to its
/// first 256 bytes; their source is the connector's name. Decoded events keep the source the peer
/// sent, if any. Blank lines are skipped.
///
/// The connector must outlive its run, and the engine the connector.
class JsonLineConnector {
  public:
    using Signature = detail::RunState::Signature;

    struct Options {
        /// Names the connector in the events it reports.
        std::string name = "json_line_connector";
        /// The longest line accepted, newline excluded.
        std::size_t max_line_length = 64 * 1024;
    };

    JsonLineConnector(boost::asio::ip::tcp::socket& socket, EventEngine& engine, Options options);
    JsonLineConnector(boost::asio::ip::tcp::socket& socket, EventEngine& engine)
        : JsonLineConnector(socket, engine, Options()) {}

    JsonLineConnector(const JsonLineConnector&) = delete;
    JsonLineConnector& operator=(const JsonLineConnector&) = delete;

    /// Reads and publishes until the connection ends. Completion signature
    /// `void(boost::system::error_code)`:
    /// - success: the peer closed the connection. A line it left unfinished is reported as an ERROR
    ///   event, then the close as a SYSTEM event {"component", "status": "disconnected",
    ///   "reason"}. The socket is left open for the caller to close.
    /// - boost::asio::error::operation_aborted: cancelled through the handler's cancellation slot
    ///   (terminal cancellation) or by closing the socket.
    /// - boost::asio::error::shut_down: the engine refused an event (it is stopping or stopped).
    /// - boost::asio::error::in_progress: the connector is already running.
    /// - any other read error, also reported as an ERROR event.
    template <
        boost::asio::completion_token_for<Signature> CompletionToken = boost::asio::deferred_t>
    auto async_run(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            [this](auto handler) { async_run_impl(std::move(handler)); }, token);
    }

  private:
    void async_run_impl(boost::asio::any_completion_handler<Signature> handler);
    void read_some();
    void on_read(const boost::system::error_code& error, std::size_t size);
    bool publish_lines();
    bool publish_line(const detail::LineFramer::Frame& frame);
    void on_end_of_stream();
    bool report(EventType type, boost::json::object data);
    bool report_error(std::string_view message, std::string_view line);

    boost::asio::ip::tcp::socket& socket_;
    EventEngine& engine_;
    const Options options_;
    detail::RunState run_;
    // Touched only on the socket's executor while running.
    detail::LineFramer framer_;
    std::array<char, 16 * 1024> chunk_{};
};

}  // namespace liquid_energy::core
