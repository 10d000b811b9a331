#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "liquid_apps/summary.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/lockstep.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"

namespace liquid_trader {

/// The source of what the feed client sends the feed: the feed link writes those events.
inline constexpr std::string_view to_feed_source = "to_feed";

/// liquid-trader's side of the feed protocol (liquid_apps/feed_protocol.hpp), over the link
/// named "feed". It counts the ticks that came in; each time the link comes up it subscribes
/// past them and asks again for the ticks granted (pacer.hpp) and not received, so that a
/// resumed session goes on where the last one stopped, no tick lost or repeated.
class FeedClient : public liquid_energy::core::EventListener {
  public:
    FeedClient(liquid_energy::core::EventEngine& engine, std::string address);

    /// What the feed link writes: the feed client's requests.
    static bool is_for_feed(const liquid_energy::core::Event& event);

    void handle_event(const liquid_energy::core::Event& event) override;
    bool accepts(const liquid_energy::core::Event& event) const override;

    /// A permit per tick that came in; closed at the end of the data or when the link gives up.
    liquid_energy::trading::CreditGate& ticks() noexcept { return ticks_; }

    /// Thread-safe. Whether the feed's end_of_data came.
    bool ended() const;
    /// Thread-safe. The feed's counts at its end_of_data; before it, the ticks received.
    liquid_energy::trading::ReplaySummary replay_summary() const;
    /// Thread-safe.
    liquid_apps::LinkReport link_report() const;

  private:
    void on_tick();
    void on_end_of_data(const boost::json::object& data);
    void on_link_event(std::string_view kind);
    void grant(std::uint64_t count);
    void request(std::string_view kind, std::string_view field, std::uint64_t count);

    liquid_energy::core::EventEngine& engine_;
    liquid_energy::trading::CreditGate ticks_;
    mutable std::mutex mutex_;
    liquid_apps::LinkReport link_;
    liquid_energy::trading::ReplaySummary summary_;
    bool ended_ = false;
    bool up_ = false;
    std::uint64_t granted_ = 0;
};

}  // namespace liquid_trader
