#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "liquid_energy/trading/exposure_book.hpp"
#include "liquid_energy/trading/market_tick.hpp"
#include "liquid_energy/trading/moving_average_crossover.hpp"
#include "liquid_energy/trading/orders.hpp"

namespace liquid_energy::trading {

struct StrategyParams {
    /// Names the strategy's orders ("<account>-<n>") and picks out its reports and fills.
    std::string account = "sma";
    /// In trade prints of the symbol.
    std::size_t fast_window = 20;
    std::size_t slow_window = 80;
    OrderType order_type = OrderType::LIMIT;
    /// A buy limit goes this many basis points below the mid, a sell limit above; a negative
    /// offset crosses the spread.
    double limit_offset_bps = 0;
    /// The position held after a crossover: long after an upward cross, short after a downward
    /// one. Symbols not listed are not traded.
    std::map<std::string, double, std::less<>> target_quantity;
};

/// What the strategy wants sent, in this order.
struct StrategyDecision {
    std::vector<CancelRequest> cancels;
    std::optional<Order> order;
};

/// Moving-average crossover on each symbol's trade prints, trading toward a target position.
/// No engine, no threads.
///
/// On a crossover it asks to cancel its acknowledged working orders against the new direction,
/// and sends one order for the gap between the target and what it holds plus what its other
/// working orders would add. Orders are priced off the symbol's last quote, so a crossover before
/// any quote is ignored.
class MovingAverageStrategy {
  public:
    /// Throws std::invalid_argument for bad windows, an empty account or a target that is not
    /// positive.
    explicit MovingAverageStrategy(StrategyParams params);

    StrategyDecision on_tick(const MarketTick& tick);
    /// Reports and fills of other accounts are ignored.
    void on_report(const ExecutionReport& report);
    void on_fill(const Fill& fill);

    /// What it holds and has working, as far as its reports and fills tell.
    const ExposureBook& exposure() const noexcept { return exposure_; }

  private:
    struct SymbolState {
        MovingAverageCrossover crossover;
        std::optional<MarketTick> quote;
    };

    StrategyDecision react(const std::string& symbol, SymbolState& state, int direction);
    Order make_order(const std::string& symbol, const MarketTick& quote, double quantity);

    StrategyParams params_;
    std::map<std::string, SymbolState, std::less<>> symbols_;
    ExposureBook exposure_;
    std::uint64_t next_order_ = 1;
};

}  // namespace liquid_energy::trading
