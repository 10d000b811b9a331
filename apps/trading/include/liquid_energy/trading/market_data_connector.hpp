#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/strand.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/wire/line_error.hpp"

namespace liquid_energy::trading {

/// The "kind" of the SYSTEM event that follows the last replayed record.
inline constexpr std::string_view end_of_data_kind = "end_of_data";

struct ReplayOptions {
    /// A CSV file with `csv_tick_header` as its first line (a file without it is read from the
    /// first line on).
    std::filesystem::path path;
    /// 0 publishes as fast as the engine takes the events; otherwise the multiple of real time
    /// at which the records' timestamps are replayed.
    double speed = 0;
    /// Records published per turn on the executor, so that other work interleaves.
    std::size_t batch_size = 256;
    /// The longest line read, newline excluded; a longer one is refused as
    /// wire::LineError::oversized and skipped. Bounds the memory a replay holds for its input.
    std::size_t max_line_length = 4096;
    /// Events published (ERROR events included) after which the replay waits until the engine
    /// is idle (`EventEngine::async_wait_idle`), then counts again from zero: the events it has
    /// in the engine stay within `backlog_limit`, however many lines the file has. 0 never waits.
    std::size_t backlog_limit = 1024;
    /// The source of the events it publishes.
    std::string source = "market_data";
    /// Ticks read and counted but not published, nor the malformed lines among them: a client
    /// resuming a replay it had seen that far.
    std::uint64_t skip_ticks = 0;
    /// When set, called on the connector's strand after each tick published; the replay goes on
    /// once it calls the handler it was given. Lets a lockstep replay wait for the engine to be
    /// idle, or a server wait for its client to ask for more.
    std::function<void(boost::asio::any_completion_handler<void()>)> after_tick{};
};

struct ReplaySummary {
    /// Lines read, the header included.
    std::uint64_t lines = 0;
    /// MARKET_DATA events published.
    std::uint64_t ticks = 0;
    /// Refused lines, each published as an ERROR event: `errors_by_reason.total()`.
    std::uint64_t errors = 0;
    /// The refused lines by reason (see parse_tick_line, plus `oversized` and `unfinished`).
    wire::LineErrorCounts errors_by_reason{};
    /// The most bytes of the file held at once: at most `max_line_length + 1` plus one read
    /// (`MarketDataConnector::read_size`), whatever the file.
    std::uint64_t peak_buffered_bytes = 0;
    /// Times the replay waited for the engine to be idle (see `ReplayOptions::backlog_limit`).
    std::uint64_t pauses = 0;
};

/// Where a replay is, for a progress display.
struct ReplayProgress {
    std::uint64_t bytes_read = 0;
    std::uint64_t total_bytes = 0;
    std::uint64_t ticks = 0;
    std::uint64_t errors = 0;
};

/// Replays a market-data file into an engine. Each valid line becomes a MARKET_DATA event (see
/// MarketTick); each refused line an ERROR event
/// `{"component","error_message":"line N: what","line":N,"reason"}`, where "reason" names its
/// wire::LineError, and the replay goes on. Refused are the lines parse_tick_line refuses, a line
/// longer than `max_line_length` (`oversized`) and a last line without its newline, as a file cut
/// short leaves it (`unfinished`).
/// However the replay ends, once it has started a SYSTEM event `{"kind":"end_of_data"}` follows
/// the last record published, from the same thread, so every listener sees it after the data;
/// it carries the counts of the ReplaySummary ("lines", "ticks", "errors").
class MarketDataConnector {
  public:
    using executor_type = boost::asio::strand<core::EventEngine::executor_type>;
    using ReplaySignature = void(boost::system::error_code, ReplaySummary);

    /// The most bytes one read takes from the file.
    static constexpr std::size_t read_size = 16 * 1024;

    /// Works on a strand of the engine's executor. Throws std::invalid_argument when
    /// `options.max_line_length` is 0.
    MarketDataConnector(core::EventEngine& engine, ReplayOptions options);

    MarketDataConnector(const MarketDataConnector&) = delete;
    MarketDataConnector& operator=(const MarketDataConnector&) = delete;

    /// Replays the file once; one replay at a time, and the connector and the engine must
    /// outlive it. Completion signature `void(error_code, ReplaySummary)`; never completes
    /// inside this call. Fails with the error of opening or reading the file, or
    /// `asio::error::shut_down` if the engine stops taking events. Cancellation (any type), if
    /// emitted on `get_executor()`: stops after the current record with
    /// `asio::error::operation_aborted`.
    template <typename CompletionToken = boost::asio::deferred_t>
    auto async_replay(CompletionToken&& token = boost::asio::deferred) {
        return boost::asio::async_initiate<CompletionToken, ReplaySignature>(
            [this](auto handler) { async_replay_impl(std::move(handler)); }, token);
    }

    /// Thread-safe; each counter is read on its own.
    ReplayProgress progress() const noexcept;

    executor_type get_executor() const noexcept { return strand_; }

  private:
    friend class ReplayOperation;

    struct Counters {
        std::atomic<std::uint64_t> bytes_read{0};
        std::atomic<std::uint64_t> total_bytes{0};
        std::atomic<std::uint64_t> ticks{0};
        std::atomic<std::uint64_t> errors{0};
    };

    void async_replay_impl(boost::asio::any_completion_handler<ReplaySignature> handler);

    core::EventEngine& engine_;
    ReplayOptions options_;
    executor_type strand_;
    Counters counters_;
};

}  // namespace liquid_energy::trading
