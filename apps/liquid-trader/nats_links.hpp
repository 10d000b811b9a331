#pragma once

#include <memory>
#include <vector>

#include "liquid_apps/nats_link.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "options.hpp"

namespace liquid_trader {

/// liquid-trader's two links over NATS (subjects in liquid_apps/nats_settings.hpp), as the feed
/// client and the exchange gateway know them over TCP:
/// - "feed" reads `<root>.*.feed` through the durable consumer `<name>-feed`, and lets a tick in
///   for each one the feed client asks for (its `next` requests become import credits), so the
///   pacer paces it as it paces the TCP feed;
/// - "exchange" publishes what the gateway sends the exchange as `<root>.orders.<TYPE>.<name>`,
///   and reads the answers, `<root>.reports.<name>.>`, through the durable `<name>-exchange`.
class NatsLinks {
  public:
    NatsLinks(liquid_energy::core::EventEngine& engine, const Options& options);
    ~NatsLinks();

    NatsLinks(const NatsLinks&) = delete;
    NatsLinks& operator=(const NatsLinks&) = delete;

    /// Connects both; throws as NatsLink::start.
    void start();

    /// Adds each link's outages to its report: `reports` are the feed's and the exchange's.
    void count_outages(std::vector<liquid_apps::LinkReport>& reports) const;

    liquid_apps::NatsLink feed;
    liquid_apps::NatsLink exchange;

  private:
    class FeedCredits;

    liquid_energy::core::EventEngine& engine_;
    std::shared_ptr<FeedCredits> credits_;
};

}  // namespace liquid_trader
