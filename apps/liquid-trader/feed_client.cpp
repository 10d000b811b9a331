#include "feed_client.hpp"

#include <utility>

#include "liquid_apps/feed_protocol.hpp"
#include "liquid_apps/reconnecting_link.hpp"
#include "pacer.hpp"

namespace liquid_trader {
namespace {

namespace core = liquid_energy::core;
namespace trading = liquid_energy::trading;
using core::EventType;

std::uint64_t count_of(const boost::json::object& data, std::string_view key) {
    return data.at(key).to_number<std::uint64_t>();
}

}  // namespace

FeedClient::FeedClient(core::EventEngine& engine, std::string address)
    : EventListener("feed_client", {EventType::MARKET_DATA, EventType::SYSTEM, EventType::ERROR}),
      engine_(engine),
      ticks_(engine.get_executor()),
      link_{.name = "feed", .address = std::move(address)} {}

bool FeedClient::is_for_feed(const core::Event& event) {
    return event.type() == EventType::SYSTEM && event.source() == to_feed_source;
}

bool FeedClient::accepts(const core::Event& event) const {
    if (event.data().contains("link")) return liquid_apps::is_link_event(event, link_.name);
    if (event.type() == EventType::SYSTEM && event.source() == pacer_source) {
        return liquid_apps::has_kind(event, grant_ticks_kind);
    }
    if (event.source() != liquid_apps::feed_source) return false;
    return event.type() == EventType::MARKET_DATA ||
           (event.type() == EventType::SYSTEM &&
            liquid_apps::has_kind(event, trading::end_of_data_kind));
}

void FeedClient::handle_event(const core::Event& event) {
    if (event.type() == EventType::MARKET_DATA) return on_tick();
    std::lock_guard lock(mutex_);
    if (const auto kind = liquid_apps::tally_link_event(event, link_); !kind.empty()) {
        return on_link_event(kind);
    }
    if (event.source() == pacer_source) return grant(count_of(event.data(), "count"));
    on_end_of_data(event.data());
}

void FeedClient::on_tick() {
    {
        std::lock_guard lock(mutex_);
        ++summary_.ticks;
    }
    ticks_.add(1);
}

void FeedClient::on_end_of_data(const boost::json::object& data) {
    ended_ = true;
    summary_ = {.lines = count_of(data, "lines"),
                .ticks = count_of(data, "ticks"),
                .errors = count_of(data, "errors")};
    ticks_.close();
}

void FeedClient::on_link_event(std::string_view kind) {
    if (kind == liquid_apps::link_failed_kind) {
        ticks_.close();
    } else if (kind == liquid_apps::link_down_kind) {
        up_ = false;
    } else {
        up_ = true;
        if (ended_) return;
        request(liquid_apps::subscribe_kind, "skip", summary_.ticks);
        if (granted_ > summary_.ticks) {
            request(liquid_apps::next_kind, "count", granted_ - summary_.ticks);
        }
    }
}

void FeedClient::grant(std::uint64_t count) {
    granted_ += count;
    if (up_ && !ended_) request(liquid_apps::next_kind, "count", count);
}

void FeedClient::request(std::string_view kind, std::string_view field, std::uint64_t count) {
    engine_.put(core::Event(EventType::SYSTEM, {{"kind", kind}, {field, count}},
                            std::string(to_feed_source)));
}

bool FeedClient::ended() const {
    std::lock_guard lock(mutex_);
    return ended_;
}

trading::ReplaySummary FeedClient::replay_summary() const {
    std::lock_guard lock(mutex_);
    return summary_;
}

liquid_apps::LinkReport FeedClient::link_report() const {
    std::lock_guard lock(mutex_);
    return link_;
}

}  // namespace liquid_trader
