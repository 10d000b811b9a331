#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "liquid_apps/line_server.hpp"

namespace liquid_feed {

/// What every client is served.
struct FeedSettings {
    std::filesystem::path data;
    /// 0 sends each tick as soon as the client has asked for it; otherwise the multiple of real
    /// time at which the ticks' timestamps are replayed.
    double speed = 0;
    /// Fault injection: the connection is reset once this many ticks were sent on it; 0 = never.
    std::uint64_t drop_after_ticks = 0;
};

/// One client's feed (see liquid_apps/feed_protocol.hpp): on its subscribe, a replay of the data
/// file into the client's engine past the ticks the client skips, one tick per tick it asked
/// for. A request the protocol does not allow is answered with an ERROR event. The replay stops
/// when the client goes.
std::unique_ptr<liquid_apps::ClientService> make_feed_service(
    const liquid_apps::ClientConnection& client, const FeedSettings& settings);

}  // namespace liquid_feed
