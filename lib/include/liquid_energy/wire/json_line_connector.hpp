#pragma once

#include <array>
#include <atomic>
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
#include <boost/json/object.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_energy/core/detail/run_state.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "liquid_energy/core/put_status.hpp"
#include "liquid_energy/wire/line_error.hpp"
#include "liquid_energy/wire/line_framer.hpp"
#include "liquid_energy/wire/line_stream.hpp"
#include "liquid_energy/wire/read_pacer.hpp"

namespace liquid_energy::wire {

/// Reads events from a connected stream (a TCP socket, a TLS stream: see LineStream), one JSON line
/// each (the format of json_line.hpp), and puts them into an engine. The caller owns the stream and
/// the threads: the connector runs on the stream's executor (give it a strand when a JsonLineWriter
/// shares the stream and the executor has several threads) and keeps no stream alive.
///
/// Nothing read from the network throws. A refused line is counted in `stats()` by its LineError
/// and published as an ERROR event, and reading goes on with the next line:
/// - not JSON (LineError::malformed), or JSON that is not an event (LineError::wrong_type, see
///   decode_json_line);
/// - longer than `max_line_length` (LineError::oversized): reported once and skipped up to its
///   newline, never held whole;
/// - left unfinished by the peer's close or a read error (LineError::unfinished).
/// ERROR events carry `component` (the connector's name), `error_message`, `reason` (the name of
/// the LineError, or "read_error" for a failed read) and `line`, the offending line's first 256
/// bytes as valid UTF-8; their source is the connector's name. Decoded events keep the source the
/// peer sent, if any, unless `Options::source` says otherwise. Blank lines are skipped.
///
/// Memory stays bounded however fast the peer writes: the connector holds at most
/// `max_line_length + 1` bytes of a line plus one read, and after `backlog_limit` events it stops
/// reading until the engine is idle, so TCP flow control holds the peer back.
///
/// The connector must outlive its run, and the engine the connector.
class JsonLineConnector {
  public:
    using Signature = core::detail::RunState::Signature;

    struct Options {
        /// Names the connector in the events it reports.
        std::string name = "json_line_connector";
        /// The longest line accepted, newline excluded; positive.
        std::size_t max_line_length = 64 * 1024;
        /// Events published (ERROR events included) after which reading pauses until the engine
        /// is idle (`core::EventEngine::async_wait_idle`), then counts again from zero: the events
        /// this connector has in a started engine stay below `backlog_limit` plus the lines of one
        /// read. 0 never pauses. A listener that keeps the engine busy for good keeps the
        /// connector waiting; a cancellation takes effect once the wait ends.
        std::size_t backlog_limit = 1024;
        /// Asked before each read, when set: the writer answering the same peer, so that a peer
        /// that does not read its answers is not read either. It must outlive the run.
        ReadPacer* pacer = nullptr;
        /// When set, the source of every event read, whatever the peer claimed: a peer cannot
        /// pass for another component.
        std::optional<std::string> source{};
        /// When not empty, the only types let in: an event of another type is not published but
        /// reported as an ERROR with reason `unexpected_type`, and reading goes on.
        std::vector<core::EventType> accepted_types{};
    };

    /// Counters since construction, over every run. Each is read atomically on its own; the set is
    /// consistent once a run has completed.
    struct Stats {
        /// Lines read, blank and refused ones included; an oversized line counts once.
        std::uint64_t lines = 0;
        /// Events decoded from lines and accepted by the engine.
        std::uint64_t events = 0;
        /// Events decoded from lines that the engine refused with core::PutStatus::backlog_full or
        /// core::PutStatus::timed_out; each is also published as an ERROR event with reason
        /// "engine_refused", if the engine takes that one.
        std::uint64_t refused_puts = 0;
        /// Events of a type not in `accepted_types`.
        std::uint64_t unexpected_types = 0;
        /// Refused lines by reason, each also published as an ERROR event. Never
        /// `invalid_value`: the connector checks no values.
        LineErrorCounts errors;
        /// Times reading paused until the engine was idle (see `Options::backlog_limit`).
        std::uint64_t pauses = 0;
        /// The most bytes held at once for lines not yet complete: never more than
        /// `max_line_length + 1` plus one read (`read_size`).
        std::uint64_t peak_buffered_bytes = 0;
    };

    /// The most bytes one read takes from the stream.
    static constexpr std::size_t read_size = 16 * 1024;

    /// Throws std::invalid_argument when `options.max_line_length` is 0.
    JsonLineConnector(LineStream stream, core::EventEngine& engine, Options options);
    JsonLineConnector(LineStream stream, core::EventEngine& engine)
        : JsonLineConnector(stream, engine, Options()) {}

    JsonLineConnector(const JsonLineConnector&) = delete;
    JsonLineConnector& operator=(const JsonLineConnector&) = delete;

    /// Reads and publishes until the connection ends. Completion signature
    /// `void(boost::system::error_code)`:
    /// - success: the peer closed the connection. A line it left unfinished is reported as an ERROR
    ///   event, then the close as a SYSTEM event {"component", "status": "disconnected",
    ///   "reason": "end of stream"}. The stream is left open for the caller to close.
    /// - boost::asio::error::operation_aborted: cancelled through the handler's cancellation slot
    ///   (terminal cancellation) or by closing the stream.
    /// - boost::asio::error::shut_down: the engine refused an event with core::PutStatus::stopped.
    /// An
    ///   event refused for a full backlog is counted in `Stats::refused_puts` and reading goes on.
    /// - boost::asio::error::in_progress: the connector is already running.
    /// - any other read error (a reset connection), reported as an ERROR event after the line
    ///   the peer left unfinished, if any.
    template <
        boost::asio::completion_token_for<Signature> CompletionToken = boost::asio::deferred_t>
    auto async_run(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            [this](auto handler) { async_run_impl(std::move(handler)); }, token);
    }

    /// Thread-safe, callable from any handler.
    Stats stats() const noexcept;

  private:
    struct Counters {
        std::atomic<std::uint64_t> lines{0};
        std::atomic<std::uint64_t> events{0};
        std::atomic<std::uint64_t> refused_puts{0};
        std::atomic<std::uint64_t> unexpected_types{0};
        std::array<std::atomic<std::uint64_t>, line_error_count> errors{};
        std::atomic<std::uint64_t> pauses{0};
        std::atomic<std::uint64_t> peak_buffered_bytes{0};
    };

    void async_run_impl(boost::asio::any_completion_handler<Signature> handler);
    void read_some();
    void read_when_ready();
    void on_read(const boost::system::error_code& error, std::size_t size);
    void wait_for_engine();
    bool publish_lines();
    bool publish_line(const LineFramer::Frame& frame);
    void on_end_of_stream(const boost::system::error_code& error);
    bool accepts(core::EventType type) const;
    core::Event stamped(core::Event event) const;
    core::PutStatus publish(core::Event event);
    bool refuse(LineError error, std::string_view message, std::string_view line);
    bool report_error(std::string_view reason, std::string_view message, std::string_view line);

    LineStream stream_;
    core::EventEngine& engine_;
    const Options options_;
    core::detail::RunState run_;
    Counters counters_;
    // Touched only on the stream's executor while running.
    LineFramer framer_;
    std::size_t published_since_idle_ = 0;
    std::array<char, read_size> chunk_{};
};

}  // namespace liquid_energy::wire
