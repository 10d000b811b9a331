#pragma once

#include <memory>
#include <string>

#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/trivial.hpp>

#include "liquid_energy/core/event_listener.hpp"

namespace liquid_apps {

using Logger = boost::log::sources::severity_channel_logger_mt<boost::log::trivial::severity_level,
                                                               std::string>;

/// Sends every channel's records at `level` or above to stderr.
void setup_console_logging(boost::log::trivial::severity_level level);

/// The apps' own log source, channel "liquid_energy.apps".
Logger& app_logger();

/// A listener that logs events: ERROR as warnings, risk rejections and INFO at debug, orders and
/// fills at trace, market data at trace too. Registered only for the types `level` lets
/// through, so a quiet run pays nothing per event. Null above warning: it would log nothing.
std::shared_ptr<liquid_energy::core::EventListener> make_event_logger(
    boost::log::trivial::severity_level level);

}  // namespace liquid_apps
