#include "liquid_energy/core/json_line.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <utility>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "precise_json.hpp"

namespace liquid_energy::core {
namespace {

constexpr std::array builtin_types{EventType::MARKET_DATA,  EventType::ORDER_UPDATE,
                                   EventType::TRADE_UPDATE, EventType::STRATEGY_UPDATE,
                                   EventType::ERROR,        EventType::INFO,
                                   EventType::SYSTEM};

bool is_builtin(EventType type) {
    return std::find(builtin_types.begin(), builtin_types.end(), type) != builtin_types.end();
}

boost::json::value type_to_json(EventType type) {
    if (is_builtin(type)) return boost::json::value(to_string(type));
    return boost::json::value(static_cast<std::uint32_t>(type));
}

std::optional<EventType> type_by_name(std::string_view name) {
    for (const auto type : builtin_types) {
        if (to_string(type) == name) return type;
    }
    return std::nullopt;
}

std::optional<EventType> type_by_number(const boost::json::value& number) {
    constexpr auto max = std::numeric_limits<std::uint32_t>::max();
    if (number.is_uint64() && number.get_uint64() <= max) {
        return static_cast<EventType>(number.get_uint64());
    }
    if (number.is_int64() && number.get_int64() >= 0 &&
        static_cast<std::uint64_t>(number.get_int64()) <= max) {
        return static_cast<EventType>(number.get_int64());
    }
    return std::nullopt;
}

// Longest quote of a refused "type" value in a message.
constexpr std::size_t quoted_type_length = 64;

DecodedJsonLine refused(LineError error, std::string message) {
    return DecodedJsonLine{std::nullopt, error, std::move(message)};
}

std::optional<EventType> decode_type(const boost::json::value& type) {
    if (type.is_string()) return type_by_name(type.get_string());
    return type_by_number(type);
}

std::int64_t nanoseconds_since_epoch(Event::clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

}  // namespace

std::string encode_json_line(const Event& event) {
    std::string line = R"({"type":)";
    line += boost::json::serialize(type_to_json(event.type()));
    line += R"(,"data":)";
    line += boost::json::serialize(event.data());
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
    return DecodedJsonLine{Event(*type, std::move(data), std::move(source)), {}, {}};
}

}  // namespace liquid_energy::core
