#pragma once

#include <chrono>
#include <cstdio>

#include "liquid_energy/trading/market_data_connector.hpp"

namespace liquid_demo {

/// A one-line progress bar, redrawn in place on a terminal.
class ProgressBar {
  public:
    /// Whether `stream` is a terminal; a bar anywhere else would only be noise in a log.
    static bool fits(std::FILE* stream) noexcept;

    explicit ProgressBar(std::FILE* stream) noexcept : stream_(stream) {}

    void draw(const liquid_energy::trading::ReplayProgress& progress,
              std::chrono::duration<double> elapsed);
    /// Erases the bar.
    void clear();

  private:
    std::FILE* stream_;
};

}  // namespace liquid_demo
