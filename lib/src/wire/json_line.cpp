#include "liquid_energy/wire/json_line.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "precise_json.hpp"

namespace liquid_energy::wire {
namespace {

boost::json::value type_to_json(core::EventType type) {
    if (is_builtin(type)) return boost::json::value(to_string(type));
    return boost::json::value(static_cast<std::uint32_t>(type));
}

std::optional<core::EventType> type_by_name(std::string_view name) {
    for (const auto type : core::builtin_event_types) {
        if (to_string(type) == name) return type;
    }
    return std::nullopt;
}

std::optional<core::EventType> type_by_number(const boost::json::value& number) {
    constexpr auto max = std::numeric_limits<std::uint32_t>::max();
    if (number.is_uint64() && number.get_uint64() <= max) {
        return static_cast<core::EventType>(number.get_uint64());
    }
    if (number.is_int64() && number.get_int64() >= 0 &&
        static_cast<std::uint64_t>(number.get_int64()) <= max) {
        return static_cast<core::EventType>(number.get_int64());
    }
    return std::nullopt;
}

// Longest quote of a refused "type" value in a message.
constexpr std::size_t quoted_type_length = 64;

DecodedJsonLine refused(LineError error, std::string message) {
    return DecodedJsonLine{std::nullopt, error, std::move(message)};
}

std::optional<core::EventType> decode_type(const boost::json::value& type) {
    if (type.is_string()) return type_by_name(type.get_string());
    return type_by_number(type);
}

std::int64_t nanoseconds_since_epoch(core::Event::clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

bool all_finite(const boost::json::value& value);

bool all_finite(const boost::json::object& object) {
    return std::all_of(object.begin(), object.end(),
                       [](const auto& member) { return all_finite(member.value()); });
}

bool all_finite(const boost::json::value& value) {
    if (const auto* number = value.if_double()) return std::isfinite(*number);
    if (const auto* object = value.if_object()) return all_finite(*object);
    if (const auto* array = value.if_array()) {
        return std::all_of(array->begin(), array->end(),
                           [](const auto& element) { return all_finite(element); });
    }
    return true;
}

void null_non_finite(boost::json::value& value) {
    if (auto* number = value.if_double(); number != nullptr && !std::isfinite(*number)) {
        value = nullptr;
    } else if (auto* object = value.if_object()) {
        for (auto& member : *object) null_non_finite(member.value());
    } else if (auto* array = value.if_array()) {
        for (auto& element : *array) null_non_finite(element);
    }
}

// boost::json writes infinity and NaN as `Infinity` and `NaN`, which are not JSON: a reader would
// refuse the whole line, so such a number goes out as null and the rest of the event survives.
std::string serialize_data(const boost::json::object& data) {
    if (all_finite(data)) return boost::json::serialize(data);
    boost::json::value copy = data;
    null_non_finite(copy);
    return boost::json::serialize(copy);
}

}  // namespace

std::string encode_json_line(const core::Event& event) {
    std::string line = R"({"type":)";
    line += boost::json::serialize(type_to_json(event.type()));
    line += R"(,"data":)";
    line += serialize_data(event.data());
    if (event.source()) {
        line += R"(,"source":)";
        line += boost::json::serialize(boost::json::value(*event.source()));
    }
    line += R"(,"timestamp":)";
    line += std::to_string(nanoseconds_since_epoch(event.timestamp()));
    line += "}\n";
    return line;
}

DecodedJsonLine decode_json_line(std::string_view line) {
    boost::system::error_code error;
    auto parsed = detail::parse_json_precisely(line, error);
    if (error == make_error_code(detail::JsonError::number_out_of_range)) {
        // The precise parser stops at that number: only a line that is JSON has an invalid value.
        boost::system::error_code syntax;
        boost::json::parse(line, syntax);
        if (!syntax) return refused(LineError::invalid_value, error.message());
        error = syntax;
    }
    // boost::json calls bytes that are not UTF-8 a syntax error: name them for the sender.
    if (error && utf8_excerpt(line, line.size()) != line) {
        return refused(LineError::malformed, "malformed JSON: invalid UTF-8");
    }
    if (error) return refused(LineError::malformed, "malformed JSON: " + error.message());
    auto* object = parsed.if_object();
    if (object == nullptr) return refused(LineError::wrong_type, "not a JSON object");

    const auto* type_field = object->if_contains("type");
    if (type_field == nullptr) return refused(LineError::wrong_type, "no \"type\" field");
    const auto type = decode_type(*type_field);
    if (!type) {
        return refused(LineError::wrong_type,
                       "unknown event type " +
                           utf8_excerpt(boost::json::serialize(*type_field), quoted_type_length));
    }
    boost::json::object data;
    if (auto* field = object->if_contains("data")) {
        if (!field->is_object()) return refused(LineError::wrong_type, "\"data\" is not an object");
        data = std::move(field->get_object());
    }
    std::optional<std::string> source;
    if (const auto* field = object->if_contains("source")) {
        if (!field->is_string()) {
            return refused(LineError::wrong_type, "\"source\" is not a string");
        }
        source.emplace(field->get_string());
    }
    return DecodedJsonLine{core::Event(*type, std::move(data), std::move(source)), {}, {}};
}

}  // namespace liquid_energy::wire
