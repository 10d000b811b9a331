#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace liquid_energy::trading::detail {

/// `json` as an object; throws std::invalid_argument when it is another kind of value.
const boost::json::object& object_payload(const boost::json::value& json);

// Each throws std::invalid_argument naming `key` when it is missing or of another type.
double number_field(const boost::json::object& data, std::string_view key);
std::int64_t integer_field(const boost::json::object& data, std::string_view key);
const boost::json::string& string_field(const boost::json::object& data, std::string_view key);

/// Whether `data` holds the string `value` under `key`.
bool field_equals(const boost::json::object& data, std::string_view key,
                  std::string_view value) noexcept;

/// Maps `text` through `names` (indexed by enumerator); throws std::invalid_argument naming `key`.
template <typename Enum, std::size_t N>
Enum enum_field(const boost::json::object& data, std::string_view key,
                const std::string_view (&names)[N]) {
    const auto& text = string_field(data, key);
    for (std::size_t i = 0; i < N; ++i) {
        if (text == names[i]) return static_cast<Enum>(i);
    }
    throw std::invalid_argument("field '" + std::string(key) + "' has an unknown value '" +
                                std::string(text) + "'");
}

}  // namespace liquid_energy::trading::detail
