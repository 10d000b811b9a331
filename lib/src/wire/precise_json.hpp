#pragma once

#include <string_view>

#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

namespace liquid_energy::wire::detail {

/// Why parse_json_precisely refuses a text that boost::json::parse would accept.
enum class JsonError {
    /// A number whose value is not a finite double (1e400): it could not be written back as JSON.
    number_out_of_range = 1,
    /// An object names a key twice: boost::json would keep the last silently.
    duplicate_key,
};

boost::system::error_code make_error_code(JsonError error);

/// Parses one JSON text as boost::json::parse does, except that each number with a fraction or an
/// exponent is read correctly rounded (std::from_chars). Boost 1.81's parser can land one unit in
/// the last place off (about one double in ten with 17 significant digits), so a double would not
/// survive the wire: what boost::json::serialize writes must read back the same. Refuses, with
/// a JsonError, the texts whose meaning boost::json would change silently.
boost::json::value parse_json_precisely(std::string_view text, boost::system::error_code& error);

}  // namespace liquid_energy::wire::detail
