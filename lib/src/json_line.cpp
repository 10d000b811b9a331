#include "liquid_energy/core/json_line.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

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

std::optional<EventType> decode_type(const boost::json::value* type, std::string& reason) {
    if (type == nullptr) {
        reason = "no \"type\" field";
        return std::nullopt;
    }
    if (type->is_string()) {
        if (auto known = type_by_name(type->get_string())) return known;
    } else if (auto known = type_by_number(*type)) {
        return known;
    }
    reason = "unknown event type " + boost::json::serialize(*type);
    return std::nullopt;
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

std::optional<Event> decode_json_line(std::string_view line, std::string& reason) {
    boost::system::error_code error;
    auto parsed = boost::json::parse(line, error);
    if (error) {
        reason = "malformed JSON: " + error.message();
        return std::nullopt;
    }
    auto* object = parsed.if_object();
    if (object == nullptr) {
        reason = "not a JSON object";
        return std::nullopt;
    }
    const auto type = decode_type(object->if_contains("type"), reason);
    if (!type) return std::nullopt;

    boost::json::object data;
    if (auto* field = object->if_contains("data")) {
        if (!field->is_object()) {
            reason = "\"data\" is not an object";
            return std::nullopt;
        }
        data = std::move(field->get_object());
    }
    std::optional<std::string> source;
    if (const auto* field = object->if_contains("source")) {
        if (!field->is_string()) {
            reason = "\"source\" is not a string";
            return std::nullopt;
        }
        source.emplace(field->get_string());
    }
    return Event(*type, std::move(data), std::move(source));
}

}  // namespace liquid_energy::core
