#pragma once

#include <string>

#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/trivial.hpp>

namespace liquid_energy::core::detail {

using Logger = boost::log::sources::severity_channel_logger_mt<boost::log::trivial::severity_level,
                                                               std::string>;

/// The library's log source, channel "liquid_energy.core"; sinks and levels are the app's choice.
Logger& core_logger();

}  // namespace liquid_energy::core::detail
