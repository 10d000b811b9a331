#include "imported_event.hpp"

#include <chrono>

#include <boost/json/parse.hpp>

#include "liquid_energy/wire/json_line.hpp"

namespace liquid_energy::nats::detail {

namespace {

// The sender's "timestamp" (nanoseconds since the epoch); none when absent or not an integer.
std::optional<core::Event::clock::time_point> sender_timestamp(std::string_view body) {
    boost::system::error_code error;
    const auto value = boost::json::parse(body, error);
    const auto* object = value.if_object();
    const auto* stamp = object != nullptr ? object->if_contains("timestamp") : nullptr;
    if (stamp == nullptr || !stamp->is_int64()) return std::nullopt;
    return core::Event::clock::time_point(std::chrono::duration_cast<core::Event::clock::duration>(
        std::chrono::nanoseconds(stamp->as_int64())));
}

}  // namespace

ImportedEvent decode_imported_event(std::string_view body) {
    if (body.ends_with('\n')) body.remove_suffix(1);
    if (body.ends_with('\r')) body.remove_suffix(1);
    auto decoded = wire::decode_json_line(body);
    if (!decoded.event) return {std::nullopt, std::move(decoded.message)};
    const auto& event = *decoded.event;
    return {core::Event(event.type(), event.data(), event.source(), sender_timestamp(body)), {}};
}

}  // namespace liquid_energy::nats::detail
