#include "liquid_energy/trading/market_data_connector.hpp"

#include <memory>
#include <stdexcept>

#include "replay_operation.hpp"

namespace liquid_energy::trading {

MarketDataConnector::MarketDataConnector(core::EventEngine& engine, ReplayOptions options)
    : engine_(engine),
      options_(std::move(options)),
      strand_(boost::asio::make_strand(engine.get_executor())) {
    if (options_.max_line_length == 0) {
        throw std::invalid_argument("MarketDataConnector: max_line_length must be positive");
    }
}

void MarketDataConnector::async_replay_impl(
    boost::asio::any_completion_handler<ReplaySignature> handler) {
    std::make_shared<ReplayOperation>(*this, std::move(handler))->start();
}

ReplayProgress MarketDataConnector::progress() const noexcept {
    return ReplayProgress{
        .bytes_read = counters_.bytes_read.load(),
        .total_bytes = counters_.total_bytes.load(),
        .ticks = counters_.ticks.load(),
        .errors = counters_.errors.load(),
    };
}

}  // namespace liquid_energy::trading
