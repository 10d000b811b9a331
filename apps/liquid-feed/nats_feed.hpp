#pragma once

#include "feed_service.hpp"
#include "liquid_apps/nats_settings.hpp"

namespace liquid_feed {

/// liquid-feed --nats: publishes the data file once, every reader's to share, as
/// `<root>.MARKET_DATA.feed` ticks, `<root>.ERROR.feed` for its malformed lines and a closing
/// `<root>.SYSTEM.feed` end_of_data, at the settings' speed; returns once the stream has
/// acknowledged them all. Prints "published N ticks to stream NAME" on stdout. Exit status 0,
/// or 1 if the broker went away for good during the run; throws liquid_apps::Unreachable when it
/// cannot be reached at the start.
int publish_over_nats(const FeedSettings& feed, const liquid_apps::NatsSettings& nats);

}  // namespace liquid_feed
