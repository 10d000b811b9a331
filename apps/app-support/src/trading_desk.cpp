#include "liquid_apps/trading_desk.hpp"

#include <utility>
#include <vector>

#include "liquid_apps/logging.hpp"
#include "liquid_energy/trading/exchange_listener.hpp"
#include "liquid_energy/trading/risk_listener.hpp"
#include "liquid_energy/trading/strategy_listener.hpp"

namespace liquid_apps {
namespace {

namespace trading = liquid_energy::trading;

// A fast strategy trading at market and a slow one resting limits 1 bp behind the mid. Risk
// counts working orders at their worst, so it refuses orders when answers lag behind, as they do
// when the replay runs flat out and the exchange falls behind the strategies.
std::vector<trading::StrategyParams> demo_strategies() {
    return {
        {.account = "sma-fast",
         .fast_window = 10,
         .slow_window = 40,
         .order_type = trading::OrderType::MARKET,
         .target_quantity = {{"BTC-USD", 0.5}, {"ETH-USD", 8}, {"SOL-USD", 600}}},
        {.account = "sma-slow",
         .fast_window = 30,
         .slow_window = 120,
         .order_type = trading::OrderType::LIMIT,
         .limit_offset_bps = 1,
         .target_quantity = {{"BTC-USD", 1}, {"ETH-USD", 15}, {"SOL-USD", 1000}}},
    };
}

constexpr std::chrono::milliseconds memory_interval{250};

constexpr trading::RiskLimits demo_risk_limits{.max_order_notional = 75'000,
                                               .max_position_notional = 60'000};

}  // namespace

TradingDesk register_trading_desk(liquid_energy::core::EventEngine& engine,
                                  boost::log::trivial::severity_level log_level,
                                  WithExchange exchange) {
    TradingDesk desk{std::make_shared<trading::BlotterListener>(),
                     std::make_shared<trading::PositionListener>()};
    engine.register_listener(desk.blotter);
    engine.register_listener(desk.positions);
    if (exchange == WithExchange::YES) {
        engine.register_listener(std::make_shared<trading::ExchangeListener>(engine));
    }
    engine.register_listener(std::make_shared<trading::RiskListener>(engine, demo_risk_limits));
    for (auto& params : demo_strategies()) {
        engine.register_listener(std::make_shared<trading::StrategyListener>(engine, params));
    }
    if (auto logger = make_event_logger(log_level)) engine.register_listener(logger);
    return desk;
}

DeskRun::DeskRun(liquid_energy::core::EventEngine& engine, TradingDesk desk)
    : engine_(engine), desk_(std::move(desk)), monitor_(engine, memory_interval) {}

void DeskRun::start() {
    start_ = std::chrono::steady_clock::now();
    engine_.start();
    monitor_.start();
}

SessionReport DeskRun::stop() {
    monitor_.stop();
    engine_.stop();
    SessionReport report;
    report.counts = desk_.blotter->counts();
    report.positions = desk_.positions->positions();
    report.engine = engine_.stats();
    report.wall_time = std::chrono::steady_clock::now() - start_;
    report.peak_resident_bytes = monitor_.peak_resident_bytes();
    return report;
}

}  // namespace liquid_apps
