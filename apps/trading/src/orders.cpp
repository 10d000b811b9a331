#include "liquid_energy/trading/orders.hpp"

#include <cmath>
#include <utility>

#include "json_fields.hpp"

namespace liquid_energy::trading {
namespace {

constexpr std::string_view side_names[] = {"buy", "sell"};
constexpr std::string_view order_type_names[] = {"limit", "market"};
constexpr std::string_view status_names[] = {"new",    "accepted",  "partially_filled",
                                             "filled", "cancelled", "rejected"};
constexpr std::string_view action_names[] = {"create", "submit", "cancel", "report"};
constexpr std::string_view liquidity_names[] = {"maker", "taker"};

template <std::size_t N>
std::string_view name_of(auto enumerator, const std::string_view (&names)[N]) noexcept {
    return names[static_cast<std::size_t>(enumerator)];
}

OrderAction read_action(const boost::json::object& data) {
    return detail::enum_field<OrderAction>(data, "action", action_names);
}

Order read_order(const boost::json::object& data) {
    using namespace detail;
    return Order{
        .order_id = std::string(string_field(data, "order_id")),
        .account = std::string(string_field(data, "account")),
        .symbol = std::string(string_field(data, "symbol")),
        .side = enum_field<Side>(data, "side", side_names),
        .type = enum_field<OrderType>(data, "type", order_type_names),
        .price = number_field(data, "price"),
        .quantity = number_field(data, "quantity"),
    };
}

CancelRequest read_cancel(const boost::json::object& data) {
    using namespace detail;
    return CancelRequest{
        .order_id = std::string(string_field(data, "order_id")),
        .account = std::string(string_field(data, "account")),
        .symbol = std::string(string_field(data, "symbol")),
    };
}

ExecutionReport read_report(const boost::json::object& data) {
    using namespace detail;
    const auto* reason = data.if_contains("reason");
    return ExecutionReport{
        .order_id = std::string(string_field(data, "order_id")),
        .account = std::string(string_field(data, "account")),
        .symbol = std::string(string_field(data, "symbol")),
        .side = enum_field<Side>(data, "side", side_names),
        .status = enum_field<OrderStatus>(data, "status", status_names),
        .quantity = number_field(data, "quantity"),
        .filled_quantity = number_field(data, "filled_quantity"),
        .leaves_quantity = number_field(data, "leaves_quantity"),
        .average_price = number_field(data, "average_price"),
        .reason = reason != nullptr ? std::string(string_field(data, "reason")) : std::string(),
    };
}

OrderUpdate read_order_update(const boost::json::object& data) {
    const OrderAction action = read_action(data);
    if (action == OrderAction::CANCEL) return {action, read_cancel(data)};
    if (action == OrderAction::REPORT) return {action, read_report(data)};
    return {action, read_order(data)};
}

// The fields each message adds to its "action", in the order the wire has always had them.
void write_fields(boost::json::object& data, const Order& order) {
    data["status"] = to_string(OrderStatus::NEW);
    data["order_id"] = order.order_id;
    data["account"] = order.account;
    data["symbol"] = order.symbol;
    data["side"] = to_string(order.side);
    data["type"] = to_string(order.type);
    data["price"] = order.price;
    data["quantity"] = order.quantity;
}

void write_fields(boost::json::object& data, const CancelRequest& request) {
    data["order_id"] = request.order_id;
    data["account"] = request.account;
    data["symbol"] = request.symbol;
}

void write_fields(boost::json::object& data, const ExecutionReport& report) {
    data["status"] = to_string(report.status);
    data["order_id"] = report.order_id;
    data["account"] = report.account;
    data["symbol"] = report.symbol;
    data["side"] = to_string(report.side);
    data["quantity"] = report.quantity;
    data["filled_quantity"] = report.filled_quantity;
    data["leaves_quantity"] = report.leaves_quantity;
    data["average_price"] = report.average_price;
    if (!report.reason.empty()) data["reason"] = report.reason;
}

}  // namespace

std::string_view to_string(Side side) noexcept { return name_of(side, side_names); }
std::string_view to_string(OrderType type) noexcept { return name_of(type, order_type_names); }
std::string_view to_string(OrderStatus status) noexcept { return name_of(status, status_names); }
std::string_view to_string(OrderAction action) noexcept { return name_of(action, action_names); }
std::string_view to_string(Liquidity liquidity) noexcept {
    return name_of(liquidity, liquidity_names);
}

bool is_terminal(OrderStatus status) noexcept {
    return status == OrderStatus::FILLED || status == OrderStatus::CANCELLED ||
           status == OrderStatus::REJECTED;
}

double sign(Side side) noexcept { return side == Side::BUY ? 1.0 : -1.0; }

double on_order_grid(double value) noexcept {
    // Dividing the whole number of increments by their exact count per unit gives the double
    // nearest to the decimal, the one a parser reads; multiplying by order_increment would not.
    constexpr double increments_per_unit = 1e8;
    static_assert(increments_per_unit * order_increment == 1);
    // Past 2^53 increments every double is a whole number of them already, and the product
    // below could overflow to infinity.
    if (!(std::abs(value) < 0x1p53 / increments_per_unit)) return value;
    return std::round(value * increments_per_unit) / increments_per_unit;
}

std::string order_problem(const Order& order) {
    if (order.order_id.empty()) return "empty order id";
    if (order.account.empty()) return "empty account";
    if (order.symbol.empty()) return "empty symbol";
    if (!std::isfinite(order.quantity) || order.quantity <= quantity_epsilon) {
        return "quantity is not positive and finite";
    }
    if (!std::isfinite(order.price)) return "price is not finite";
    if (order.type == OrderType::LIMIT && order.price <= 0) return "limit price is not positive";
    if (order.price < 0) return "reference price is negative";
    return {};
}

ExecutionReport make_execution_report(const Order& order, OrderStatus status,
                                      double filled_quantity, double filled_notional,
                                      std::string reason) {
    return ExecutionReport{
        .order_id = order.order_id,
        .account = order.account,
        .symbol = order.symbol,
        .side = order.side,
        .status = status,
        .quantity = order.quantity,
        .filled_quantity = on_order_grid(filled_quantity),
        .leaves_quantity =
            is_terminal(status) ? 0 : on_order_grid(order.quantity - filled_quantity),
        .average_price = filled_quantity > 0 ? on_order_grid(filled_notional / filled_quantity) : 0,
        .reason = std::move(reason),
    };
}

ExecutionReport unreadable_order_report(const boost::json::object& data, std::string reason) {
    const auto text = [&data](std::string_view key) {
        const auto* value = data.if_contains(key);
        return value != nullptr && value->is_string() ? std::string(value->get_string())
                                                      : std::string();
    };
    return ExecutionReport{
        .order_id = text("order_id"),
        .account = text("account"),
        .symbol = text("symbol"),
        .side = detail::field_equals(data, "side", to_string(Side::SELL)) ? Side::SELL : Side::BUY,
        .status = OrderStatus::REJECTED,
        .reason = std::move(reason),
    };
}

core::Event make_order_event(const Order& order, OrderAction action, std::string source) {
    return core::Event(core::EventType::ORDER_UPDATE, OrderUpdate{action, order},
                       std::move(source));
}

core::Event make_cancel_event(const CancelRequest& request, std::string source) {
    return core::Event(core::EventType::ORDER_UPDATE, OrderUpdate{OrderAction::CANCEL, request},
                       std::move(source));
}

core::Event make_report_event(const ExecutionReport& report, std::string source) {
    return core::Event(core::EventType::ORDER_UPDATE, OrderUpdate{OrderAction::REPORT, report},
                       std::move(source));
}

core::Event make_fill_event(Fill fill, std::string source) {
    return core::Event(core::EventType::TRADE_UPDATE, std::move(fill), std::move(source));
}

std::optional<OrderAction> order_action(const core::Event& event) {
    if (const auto* update = event.get_if<OrderUpdate>()) return update->action;
    try {
        return read_action(event.data());
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

std::string order_update_problem(const boost::json::object& data) {
    try {
        read_order_update(data);
        return {};
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& json, const OrderUpdate& update) {
    boost::json::object& data = json.emplace_object();
    data["action"] = to_string(update.action);
    std::visit([&data](const auto& message) { write_fields(data, message); }, update.message);
}

OrderUpdate tag_invoke(boost::json::value_to_tag<OrderUpdate>, const boost::json::value& json) {
    return read_order_update(detail::object_payload(json));
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& json, const Fill& fill) {
    boost::json::object& data = json.emplace_object();
    data["fill_id"] = fill.fill_id;
    data["order_id"] = fill.order_id;
    data["account"] = fill.account;
    data["symbol"] = fill.symbol;
    data["side"] = to_string(fill.side);
    data["price"] = fill.price;
    data["quantity"] = fill.quantity;
    data["liquidity"] = to_string(fill.liquidity);
    data["timestamp_ns"] = fill.timestamp_ns;
}

Fill tag_invoke(boost::json::value_to_tag<Fill>, const boost::json::value& json) {
    using namespace detail;
    const boost::json::object& data = object_payload(json);
    return Fill{
        .fill_id = static_cast<std::uint64_t>(integer_field(data, "fill_id")),
        .order_id = std::string(string_field(data, "order_id")),
        .account = std::string(string_field(data, "account")),
        .symbol = std::string(string_field(data, "symbol")),
        .side = enum_field<Side>(data, "side", side_names),
        .price = number_field(data, "price"),
        .quantity = number_field(data, "quantity"),
        .liquidity = enum_field<Liquidity>(data, "liquidity", liquidity_names),
        .timestamp_ns = integer_field(data, "timestamp_ns"),
    };
}

}  // namespace liquid_energy::trading
