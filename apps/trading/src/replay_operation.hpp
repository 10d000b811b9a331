#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "liquid_energy/trading/market_data_connector.hpp"
#include "liquid_energy/trading/market_tick.hpp"
#include "liquid_energy/wire/line_error.hpp"
#include "liquid_energy/wire/line_framer.hpp"

namespace liquid_energy::trading {

/// One MarketDataConnector::async_replay: a chain of batches on the connector's strand, each
/// reposted so that other work interleaves, with a timer between records when paced.
class ReplayOperation : public std::enable_shared_from_this<ReplayOperation> {
  public:
    using Handler = boost::asio::any_completion_handler<MarketDataConnector::ReplaySignature>;

    ReplayOperation(MarketDataConnector& connector, Handler handler);

    /// Posts the first batch; completes later, never inside this call.
    void start();

  private:
    enum class LineRead { tick, no_tick, end_of_file };

    void open();
    void run_batch();
    void post_batch();
    /// Reads one line: a tick, now pending; a refused line, reported, or the header; or nothing.
    LineRead read_line();
    bool read_chunk();
    LineRead take_line(std::string_view line);
    LineRead end_of_file();
    /// Waits for the engine to be idle when the replay has put `backlog_limit` events since.
    bool wait_for_engine();
    bool wait_until_due();
    bool skipping() const noexcept;
    void publish_error(wire::LineError error, const std::string& message);
    /// Publishes end_of_data, then completes.
    void finish(boost::system::error_code error);
    void complete(boost::system::error_code error);

    MarketDataConnector& connector_;
    MarketDataConnector::Counters& counters_;
    const ReplayOptions& options_;
    Handler handler_;
    boost::asio::steady_timer timer_;
    std::ifstream file_;
    wire::LineFramer framer_;
    std::array<char, MarketDataConnector::read_size> chunk_{};
    std::optional<MarketTick> pending_;
    boost::system::error_code read_error_;
    std::optional<std::int64_t> first_timestamp_ns_;
    std::chrono::steady_clock::time_point first_due_;
    ReplaySummary summary_;
    std::size_t published_since_idle_ = 0;
    bool unfinished_reported_ = false;
    bool cancelled_ = false;
};

}  // namespace liquid_energy::trading
