#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/error_code.hpp>

#include "liquid_apps/cli.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/trading/blotter.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"
#include "liquid_energy/trading/position_book.hpp"

namespace liquid_apps {

/// What a client link (liquid-trader's to the feed and to the exchange) went through.
struct LinkReport {
    std::string name;
    std::string address;
    /// Connections lost, and made again.
    std::uint64_t outages = 0;
    std::uint64_t reconnections = 0;
    /// Orders working when a connection dropped, whose outcome it left unknown: each was
    /// reported cancelled.
    std::uint64_t orders_cancelled_on_disconnect = 0;
    /// Why the link gave up reconnecting; empty if it did not.
    std::string failure{};
};

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
    /// Empty for a session in one process.
    std::vector<LinkReport> links;
};

/// The human-readable summary, headed by `program`: counts, throughput, memory and P&L per
/// symbol.
void print_summary(std::ostream& out, std::string_view program, const SessionReport& report);

/// The same as one JSON object, for scripts and the integration test. Throws std::runtime_error
/// if the file cannot be written.
void write_summary_json(const std::filesystem::path& path, const SessionReport& report);

/// What makes the run a failure: a replay error, an order left without a final answer, a
/// report or fill that contradicts the order flow, a handler that threw, a tick some listener
/// missed, a link that gave up. Empty for a good run; an interruption is not a problem.
std::vector<std::string> session_problems(const SessionReport& report);

/// Ends a program's session: prints the summary on stdout, writes it to `summary_json` if set,
/// lists the problems on stderr, and returns the exit status: exit_failure if there are
/// problems, else exit_interrupted if interrupted, else 0.
int report_session(std::string_view program, const SessionReport& report,
                   const std::optional<std::filesystem::path>& summary_json);

/// main() of a trading program: reads its options with `parse` (the settings in their
/// `session`), logs at their level, runs `run_session` with them and ends with report_session.
template <typename Parse, typename RunSession>
int run_session_program(std::string_view program, int argc, char** argv, Parse parse,
                        RunSession run_session) {
    return run_program(program, argc, argv, parse, [&](const auto& options) {
        setup_console_logging(options.session.log_level);
        return report_session(program, run_session(options), options.session.summary_json);
    });
}

}  // namespace liquid_apps
