#pragma once

#include <mutex>
#include <string>

#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/blotter.hpp"

namespace liquid_energy::trading {

/// Keeps a Blotter of the session: MARKET_DATA, ORDER_UPDATE "create" and "report" events,
/// fills, risk rejections (STRATEGY_UPDATE), ERROR and INFO events.
class BlotterListener : public core::EventListener {
  public:
    explicit BlotterListener(std::string name = "blotter");

    void handle_event(const core::Event& event) override;
    bool accepts(const core::Event& event) const override;

    /// Thread-safe. Complete once the engine has drained (stopped).
    BlotterCounts counts() const;

  private:
    void record(const core::Event& event);

    mutable std::mutex mutex_;
    Blotter blotter_;
};

}  // namespace liquid_energy::trading
