#pragma once

#include <memory>
#include <string>
#include <vector>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_apps {

/// Where what one connection reads goes in: an engine of its own, on the executor of the engine
/// the events are meant for (the target), whose one listener puts each event into the target
/// with `source` as its source. The source a peer claims is dropped, never trusted, so a peer
/// cannot pass for another component: a fake feed's TRADE_UPDATE "from the exchange" arrives as
/// one from the feed. Events of a type not in `types` (when given) are not put at all; each is
/// reported instead as an ERROR {"component": source, "reason": "unexpected_type",
/// "error_message"} of that source.
///
/// Events reach the target in the order they were read. The connection's JsonLineConnector
/// reads into `engine()`; stop that engine (`async_stop`) once the connector is done and before
/// the stamp is destroyed: everything read has then been put into the target. The connector's
/// pause (`backlog_limit`) waits for this engine, which forwards at once, so what waits in the
/// target is bounded by the target's own limits and the pace of its listeners.
class InboundStamp {
  public:
    /// Starts `engine()` at once.
    InboundStamp(liquid_energy::core::EventEngine& target, std::string source,
                 std::vector<liquid_energy::core::EventType> types = {});

    InboundStamp(const InboundStamp&) = delete;
    InboundStamp& operator=(const InboundStamp&) = delete;

    liquid_energy::core::EventEngine& engine() noexcept { return inbound_; }

  private:
    liquid_energy::core::EventEngine inbound_;
};

}  // namespace liquid_apps
