#pragma once

#include <string>

#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/trivial.hpp>

namespace liquid_energy::nats::detail {

using Logger = boost::log::sources::severity_channel_logger_mt<boost::log::trivial::severity_level,
                                                               std::string>;

/// The bridge's log source, channel "liquid_energy.nats".
Logger& nats_logger();

}  // namespace liquid_energy::nats::detail
