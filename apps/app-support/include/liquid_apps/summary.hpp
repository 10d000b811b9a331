#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/error_code.hpp>

#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/trading/blotter.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"
#include "liquid_energy/trading/position_book.hpp"

namespace liquid_apps {

/// What one run of the trading loop did, read once the engine has drained. `data` names where the
/// market data came from: a file, or a feed's address.
struct SessionReport {
    std::string data;
    liquid_energy::trading::ReplaySummary replay;
    boost::system::error_code replay_error;
    bool interrupted = false;
    liquid_energy::trading::BlotterCounts counts;
    std::map<std::string, liquid_energy::trading::Position> positions;
    liquid_energy::core::EngineStats engine;
    std::chrono::duration<double> wall_time{};
    std::uint64_t peak_resident_bytes = 0;
};

/// The human-readable summary, headed by `program`: counts, throughput, memory and P&L per
/// symbol.
void print_summary(std::ostream& out, std::string_view program, const SessionReport& report);

/// The same as one JSON object, for scripts and the integration test. Throws std::runtime_error
/// if the file cannot be written.
void write_summary_json(const std::filesystem::path& path, const SessionReport& report);

/// What makes the run a failure: a replay error, an order left without a final answer, a
/// report or fill that contradicts the order flow, a handler that threw, a tick some listener
/// missed. Empty for a good run; an interruption is not a problem.
std::vector<std::string> session_problems(const SessionReport& report);

}  // namespace liquid_apps
