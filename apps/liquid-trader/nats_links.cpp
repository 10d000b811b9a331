#include "nats_links.hpp"

#include "exchange_gateway.hpp"
#include "feed_client.hpp"
#include "liquid_apps/feed_protocol.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/nats/subject.hpp"

namespace liquid_trader {

namespace core = liquid_energy::core;
namespace nats = liquid_energy::nats;

/// The feed client's `next` requests, as import credits of the feed link.
class NatsLinks::FeedCredits : public core::EventListener {
  public:
    explicit FeedCredits(liquid_apps::NatsLink& feed)
        : EventListener("feed_credits", {core::EventType::SYSTEM}), feed_(feed) {}

    bool accepts(const core::Event& event) const override {
        return FeedClient::is_for_feed(event) &&
               liquid_apps::has_kind(event, liquid_apps::next_kind);
    }

    void handle_event(const core::Event& event) override {
        feed_.grant_imports(event.data().at("count").to_number<std::uint64_t>());
    }

  private:
    liquid_apps::NatsLink& feed_;
};

namespace {

// Ticks held ahead of the pacer's credits, each waiting for its ack.
constexpr std::size_t feed_ticks_ahead = 64;

nats::BridgeOptions feed_bridge(const Options& options) {
    auto bridge = options.nats->bridge_options(options.name + "-feed-nats");
    const auto root = options.nats->subject_root();
    bridge.import_subject = root + ".*." + std::string(liquid_apps::feed_source);
    bridge.durable = options.name + "-feed";
    bridge.paced_import = [](const core::Event& event) {
        return event.type() == core::EventType::MARKET_DATA;
    };
    bridge.max_pending_acks = feed_ticks_ahead;
    return bridge;
}

nats::BridgeOptions exchange_bridge(const Options& options) {
    auto bridge = options.nats->bridge_options(options.name + "-exchange-nats");
    const auto root = options.nats->subject_root();
    bridge.prefix = root + ".orders";
    bridge.export_types = ExchangeGateway::written_types();
    bridge.export_filter = ExchangeGateway::is_for_exchange;
    bridge.export_source = options.name;
    bridge.import_subject = root + ".reports." + nats::escape_subject_token(options.name) + ".>";
    bridge.durable = options.name + "-exchange";
    return bridge;
}

}  // namespace

NatsLinks::NatsLinks(core::EventEngine& engine, const Options& options)
    : feed(engine, "feed", feed_bridge(options)),
      exchange(engine, "exchange", exchange_bridge(options)),
      engine_(engine),
      credits_(std::make_shared<FeedCredits>(feed)) {
    engine_.register_listener(credits_);
}

NatsLinks::~NatsLinks() { engine_.unregister_listener(credits_); }

void NatsLinks::start() {
    exchange.start();
    feed.start();
}

void NatsLinks::count_outages(std::vector<liquid_apps::LinkReport>& reports) const {
    feed.count_outages(reports.at(0));
    exchange.count_outages(reports.at(1));
}

}  // namespace liquid_trader
