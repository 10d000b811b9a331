#include "json_fields.hpp"

#include <stdexcept>

namespace liquid_energy::trading::detail {
namespace {

const boost::json::value& require(const boost::json::object& data, std::string_view key) {
    const auto* value = data.if_contains(key);
    if (value == nullptr) throw std::invalid_argument("missing field '" + std::string(key) + "'");
    return *value;
}

[[noreturn]] void wrong_type(std::string_view key, const char* expected) {
    throw std::invalid_argument("field '" + std::string(key) + "' is not " + expected);
}

}  // namespace

const boost::json::object& object_payload(const boost::json::value& json) {
    if (!json.is_object()) throw std::invalid_argument("the payload is not a JSON object");
    return json.get_object();
}

double number_field(const boost::json::object& data, std::string_view key) {
    const auto& value = require(data, key);
    if (!value.is_number()) wrong_type(key, "a number");
    return value.to_number<double>();
}

std::int64_t integer_field(const boost::json::object& data, std::string_view key) {
    const auto& value = require(data, key);
    boost::system::error_code error;
    const auto integer = value.to_number<std::int64_t>(error);
    if (error) wrong_type(key, "an integer");
    return integer;
}

const boost::json::string& string_field(const boost::json::object& data, std::string_view key) {
    const auto& value = require(data, key);
    if (!value.is_string()) wrong_type(key, "a string");
    return value.get_string();
}

bool field_equals(const boost::json::object& data, std::string_view key,
                  std::string_view value) noexcept {
    const auto* field = data.if_contains(key);
    return field != nullptr && field->is_string() && field->get_string() == value;
}

}  // namespace liquid_energy::trading::detail
