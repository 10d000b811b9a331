#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace liquid_soak {

/// Counts what the library logs while it lives, in place of the default console output: the soak
/// holds the engine to one error line per failed handler call and one info line per timer that a
/// refused tick stopped. Thread-safe.
class LogTally {
  public:
    struct Counts {
        std::uint64_t errors = 0;
        std::uint64_t warnings = 0;
        std::uint64_t timer_stops = 0;
        std::uint64_t other = 0;
        /// The first few warnings and other unexpected lines, for the report.
        std::vector<std::string> unexpected;
    };

    LogTally();
    ~LogTally();
    LogTally(const LogTally&) = delete;
    LogTally& operator=(const LogTally&) = delete;

    Counts counts() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace liquid_soak
