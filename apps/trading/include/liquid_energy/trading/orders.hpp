#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/conversion.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "liquid_energy/core/event.hpp"

namespace liquid_energy::trading {

// The order flow, all on ORDER_UPDATE events told apart by their "action":
//
//   strategy --create (status "new")--> risk --submit (status "new")--> exchange
//   risk, on a limit breach or a malformed order ---report (status "rejected")--> everyone
//   strategy --cancel--> exchange
//   exchange --report (accepted, partially_filled, filled, cancelled, rejected)--> everyone
//   exchange --TRADE_UPDATE (one per fill)--> everyone, put before the report that counts it
//
// Every created order ends in exactly one terminal report (filled, cancelled or rejected) once
// the exchange has closed its session. Quantities are doubles; two quantities closer than
// `quantity_epsilon` are equal.
//
// Prices and quantities on the order flow are multiples of `order_increment`, as a venue's tick
// and lot sizes make them. Besides realism this keeps the flow exact over the wire: a multiple
// of 1e-8 under 9e7 is written by Boost.JSON with a decimal mantissa under 2^53, which Boost
// 1.81's parser reads back to the same double, while it may misread a longer number by one unit
// in the last place (it rounds the mantissa to a double before scaling it).

inline constexpr double quantity_epsilon = 1e-9;
/// One for every symbol: the smallest unit crypto venues quote in.
inline constexpr double order_increment = 1e-8;

/// The multiple of `order_increment` nearest to `value`; a value too large to have a finer
/// fraction, or not finite, is returned as it is.
double on_order_grid(double value) noexcept;

enum class Side { BUY, SELL };
enum class OrderType { LIMIT, MARKET };
enum class OrderStatus { NEW, ACCEPTED, PARTIALLY_FILLED, FILLED, CANCELLED, REJECTED };
enum class OrderAction { CREATE, SUBMIT, CANCEL, REPORT };
enum class Liquidity { MAKER, TAKER };

std::string_view to_string(Side side) noexcept;
std::string_view to_string(OrderType type) noexcept;
std::string_view to_string(OrderStatus status) noexcept;
std::string_view to_string(OrderAction action) noexcept;
std::string_view to_string(Liquidity liquidity) noexcept;

/// Whether no further report follows one with this status.
bool is_terminal(OrderStatus status) noexcept;
/// +1 for a buy, -1 for a sell.
double sign(Side side) noexcept;

struct Order {
    std::string order_id;
    /// Who placed it (a strategy's name); echoed on every report and fill.
    std::string account;
    std::string symbol;
    Side side = Side::BUY;
    OrderType type = OrderType::LIMIT;
    /// The limit price; for a market order, the reference price risk checks value it at.
    double price = 0;
    double quantity = 0;
};

struct CancelRequest {
    std::string order_id;
    std::string account;
    std::string symbol;
};

/// The exchange's (or risk's) word on an order's state.
struct ExecutionReport {
    std::string order_id;
    std::string account;
    std::string symbol;
    Side side = Side::BUY;
    OrderStatus status = OrderStatus::NEW;
    double quantity = 0;
    /// Cumulative.
    double filled_quantity = 0;
    /// Still working; zero once the status is terminal.
    double leaves_quantity = 0;
    /// Of the fills so far; zero before the first.
    double average_price = 0;
    /// Why it was rejected or cancelled; empty otherwise.
    std::string reason;
};

/// One execution: the typed payload of a TRADE_UPDATE event (`event.get<Fill>()`).
struct Fill {
    /// Unique per exchange, increasing.
    std::uint64_t fill_id = 0;
    std::string order_id;
    std::string account;
    std::string symbol;
    Side side = Side::BUY;
    double price = 0;
    double quantity = 0;
    Liquidity liquidity = Liquidity::TAKER;
    /// Of the quote it matched.
    std::int64_t timestamp_ns = 0;
};

/// Why `order` cannot be traded, or empty if it can: an empty id, account or symbol, a quantity
/// that is not positive and finite, a limit price that is not positive and finite, or a market
/// order's reference price that is negative or not finite.
std::string order_problem(const Order& order);

/// A report on `order` after fills of `filled_quantity` for `filled_notional` in all; the leaves
/// are zero for a terminal status. Its quantities and average price are put on the order grid:
/// sums of fills drift off it by rounding.
ExecutionReport make_execution_report(const Order& order, OrderStatus status,
                                      double filled_quantity = 0, double filled_notional = 0,
                                      std::string reason = {});

/// One message of the order flow: the typed payload of every ORDER_UPDATE event
/// (`event.get<OrderUpdate>()`). Its JSON view, as on the wire, is the message's fields beside
/// "action", and "status" "new" for create and submit.
struct OrderUpdate {
    OrderAction action = OrderAction::CREATE;
    /// An Order for create and submit, a CancelRequest for cancel, an ExecutionReport for report.
    std::variant<Order, CancelRequest, ExecutionReport> message;

    const Order& order() const { return std::get<Order>(message); }
    const CancelRequest& cancel() const { return std::get<CancelRequest>(message); }
    const ExecutionReport& report() const { return std::get<ExecutionReport>(message); }
};

/// An ORDER_UPDATE event carrying `order` with action create or submit (status "new").
core::Event make_order_event(const Order& order, OrderAction action, std::string source);
core::Event make_cancel_event(const CancelRequest& request, std::string source);
core::Event make_report_event(const ExecutionReport& report, std::string source);
/// A TRADE_UPDATE event carrying `fill` itself: no JSON is built unless a reader asks for it.
core::Event make_fill_event(Fill fill, std::string source);

/// The action of an ORDER_UPDATE event: its OrderUpdate's or, when the payload is no order-flow
/// message (a malformed message from a peer), its "action" field's, so that a listener can take
/// the message and report why it cannot read it; nullopt when neither tells.
std::optional<OrderAction> order_action(const core::Event& event);

/// Why `data` is not an order-flow message (the field that is missing or bad), or empty if it is.
std::string order_update_problem(const boost::json::object& data);

/// The rejection of a submit whose payload `data` is not an order, for `reason`: it carries what
/// could be read of the order id, account, symbol and side, so that the sender can tell which
/// order it was.
ExecutionReport unreadable_order_report(const boost::json::object& data, std::string reason);

// Boost.JSON conversions, found by argument-dependent lookup: what makes an OrderUpdate and a
// Fill event payloads. A Fill's JSON view is {"fill_id","order_id","account","symbol","side",
// "price","quantity","liquidity","timestamp_ns"}. Reading throws std::invalid_argument naming the
// field that is missing or bad.
void tag_invoke(boost::json::value_from_tag, boost::json::value& json, const OrderUpdate& update);
OrderUpdate tag_invoke(boost::json::value_to_tag<OrderUpdate>, const boost::json::value& json);
void tag_invoke(boost::json::value_from_tag, boost::json::value& json, const Fill& fill);
Fill tag_invoke(boost::json::value_to_tag<Fill>, const boost::json::value& json);

}  // namespace liquid_energy::trading
