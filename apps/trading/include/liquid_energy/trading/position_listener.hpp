#pragma once

#include <map>
#include <mutex>
#include <string>

#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/position_book.hpp"

namespace liquid_energy::trading {

/// Keeps a PositionBook from TRADE_UPDATE fills, marked at the mid of every quote.
class PositionListener : public core::EventListener {
  public:
    explicit PositionListener(std::string name = "positions");

    void handle_event(const core::Event& event) override;
    bool accepts(const core::Event& event) const override;

    /// Thread-safe. Complete once the engine has drained (stopped).
    std::map<std::string, Position> positions() const;

  private:
    mutable std::mutex mutex_;
    PositionBook book_;
};

}  // namespace liquid_energy::trading
