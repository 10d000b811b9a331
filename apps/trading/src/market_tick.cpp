#include "liquid_energy/trading/market_tick.hpp"

#include <cmath>

#include "json_fields.hpp"

namespace liquid_energy::trading {
namespace {

constexpr std::string_view tick_kind_names[] = {"quote", "trade"};

bool is_positive(double value) { return std::isfinite(value) && value > 0; }

}  // namespace

std::string_view to_string(TickKind kind) noexcept {
    return tick_kind_names[static_cast<std::size_t>(kind)];
}

std::string tick_problem(const MarketTick& tick) {
    if (tick.symbol.empty()) return "empty symbol";
    if (tick.kind == TickKind::TRADE) {
        if (!is_positive(tick.price)) return "price is not positive and finite";
        if (!is_positive(tick.size)) return "size is not positive and finite";
        return {};
    }
    if (!is_positive(tick.bid)) return "bid is not positive and finite";
    if (!is_positive(tick.ask)) return "ask is not positive and finite";
    if (!is_positive(tick.bid_size)) return "bid size is not positive and finite";
    if (!is_positive(tick.ask_size)) return "ask size is not positive and finite";
    if (tick.bid >= tick.ask) return "bid is not below the ask";
    return {};
}

bool is_quote(const core::Event& event) {
    if (const auto* tick = event.get_if<MarketTick>()) return tick->kind == TickKind::QUOTE;
    return detail::field_equals(event.data(), "kind", to_string(TickKind::QUOTE));
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& json, const MarketTick& tick) {
    boost::json::object& data = json.emplace_object();
    data["timestamp_ns"] = tick.timestamp_ns;
    data["symbol"] = tick.symbol;
    data["kind"] = to_string(tick.kind);
    if (tick.kind == TickKind::QUOTE) {
        data["bid"] = tick.bid;
        data["bid_size"] = tick.bid_size;
        data["ask"] = tick.ask;
        data["ask_size"] = tick.ask_size;
    } else {
        data["price"] = tick.price;
        data["size"] = tick.size;
    }
}

MarketTick tag_invoke(boost::json::value_to_tag<MarketTick>, const boost::json::value& json) {
    using namespace detail;
    const boost::json::object& data = object_payload(json);
    MarketTick tick;
    tick.timestamp_ns = integer_field(data, "timestamp_ns");
    tick.symbol = string_field(data, "symbol");
    tick.kind = enum_field<TickKind>(data, "kind", tick_kind_names);
    if (tick.kind == TickKind::QUOTE) {
        tick.bid = number_field(data, "bid");
        tick.bid_size = number_field(data, "bid_size");
        tick.ask = number_field(data, "ask");
        tick.ask_size = number_field(data, "ask_size");
    } else {
        tick.price = number_field(data, "price");
        tick.size = number_field(data, "size");
    }
    return tick;
}

}  // namespace liquid_energy::trading
