#pragma once

#include <string_view>

#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

namespace liquid_energy::core::detail {

/// Parses one JSON text as boost::json::parse does, except that each number with a fraction or an
/// exponent is read correctly rounded (std::from_chars). Boost 1.81's parser can land one unit in
/// the last place off (about one double in ten with 17 significant digits), so a double would not
/// survive the wire: what boost::json::serialize writes must read back the same.
boost::json::value parse_json_precisely(std::string_view text, boost::system::error_code& error);

}  // namespace liquid_energy::core::detail
