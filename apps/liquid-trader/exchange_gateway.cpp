#include "exchange_gateway.hpp"

#include <algorithm>
#include <utility>

#include <boost/json/array.hpp>

#include "liquid_apps/feed_protocol.hpp"
#include "liquid_apps/reconnecting_link.hpp"
#include "liquid_energy/core/subscription.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"
#include "pacer.hpp"

namespace liquid_trader {
namespace {

namespace core = liquid_energy::core;
namespace trading = liquid_energy::trading;
using core::EventType;

constexpr std::string_view exchange_link = "exchange";

bool has_action(const core::Event& event, trading::OrderAction action) {
    return trading::order_action(event) == action;
}

bool from(const core::Event& event, std::string_view source) { return event.source() == source; }

}  // namespace

ExchangeGateway::ExchangeGateway(core::EventEngine& engine, std::string address, bool lockstep)
    : EventListener("exchange_gateway", {EventType::ORDER_UPDATE, EventType::TRADE_UPDATE,
                                         EventType::SYSTEM, EventType::ERROR}),
      engine_(engine),
      lockstep_(lockstep),
      acks_(engine.get_executor()),
      link_{.name = std::string(exchange_link), .address = std::move(address)} {}

std::vector<EventType> ExchangeGateway::written_types() {
    return {EventType::MARKET_DATA, EventType::ORDER_UPDATE, EventType::SYSTEM};
}

std::vector<EventType> ExchangeGateway::read_types() {
    return {EventType::ORDER_UPDATE, EventType::TRADE_UPDATE, EventType::SYSTEM, EventType::ERROR};
}

bool ExchangeGateway::is_for_exchange(const core::Event& event) {
    switch (event.type()) {
        case EventType::MARKET_DATA:
            return from(event, liquid_apps::feed_source) && trading::is_quote(event);
        case EventType::ORDER_UPDATE:
            return has_action(event, trading::OrderAction::SUBMIT) ||
                   has_action(event, trading::OrderAction::CANCEL);
        default:
            return from(event, to_exchange_source);
    }
}

std::size_t ExchangeGateway::writer_capacity(const PacingOptions& pacing) {
    // A tick carries a quote or, through the strategies, at most a few cancels and two orders.
    constexpr std::size_t events_per_tick = 8;
    return std::max<std::size_t>(core::Subscription::default_capacity,
                                 events_per_tick * pacing.round_ticks + 64);
}

bool ExchangeGateway::accepts(const core::Event& event) const {
    if (liquid_apps::is_link_event(event, exchange_link)) return true;
    switch (event.type()) {
        case EventType::ORDER_UPDATE:
            return has_action(event, trading::OrderAction::SUBMIT) ||
                   (has_action(event, trading::OrderAction::REPORT) &&
                    from(event, liquid_apps::exchange_source));
        case EventType::TRADE_UPDATE:
            return from(event, liquid_apps::exchange_source);
        case EventType::SYSTEM:
            return (from(event, pacer_source) &&
                    liquid_apps::has_kind(event, exchange_barrier_kind)) ||
                   (from(event, liquid_apps::exchange_source) &&
                    liquid_apps::has_kind(event, trading::tick_done_kind));
        default:
            return false;
    }
}

void ExchangeGateway::handle_event(const core::Event& event) {
    std::lock_guard lock(mutex_);
    if (const auto kind = liquid_apps::tally_link_event(event, link_); !kind.empty()) {
        return on_link_event(kind);
    }
    switch (event.type()) {
        case EventType::ORDER_UPDATE: {
            const auto& update = event.get<trading::OrderUpdate>();
            if (update.action == trading::OrderAction::SUBMIT) return on_submit(update.order());
            return on_report(update.report());
        }
        case EventType::TRADE_UPDATE:
            return on_fill(event.get<trading::Fill>());
        default:
            return on_system(event);
    }
}

void ExchangeGateway::on_submit(const trading::Order& order) {
    if (!up_) {
        return answer(trading::make_execution_report(order, trading::OrderStatus::REJECTED, 0, 0,
                                                     "no connection to the exchange"));
    }
    working_.insert_or_assign(order.order_id, WorkingOrder{.order = order});
}

void ExchangeGateway::on_report(const trading::ExecutionReport& report) {
    if (trading::is_terminal(report.status)) working_.erase(report.order_id);
}

void ExchangeGateway::on_fill(const trading::Fill& fill) {
    const auto found = working_.find(fill.order_id);
    if (found == working_.end()) return;
    found->second.filled += fill.quantity;
    found->second.notional += fill.quantity * fill.price;
}

void ExchangeGateway::on_system(const core::Event& event) {
    if (from(event, liquid_apps::exchange_source)) {
        // The acknowledgement of the barrier in flight: every answer it owed came before it.
        if (!barrier_sent_) return;
        barrier_.reset();
        barrier_sent_ = false;
        return acks_.add(1);
    }
    const auto* end = event.data().if_contains("end_of_session");
    barrier_ = end != nullptr && end->is_bool() && end->get_bool() ? trading::end_of_data_kind
                                                                   : trading::tick_done_kind;
    barrier_sent_ = false;
    if (up_) send_barrier();
}

void ExchangeGateway::on_link_event(std::string_view kind) {
    if (kind == liquid_apps::link_failed_kind) {
        acks_.close();
    } else if (kind == liquid_apps::link_down_kind) {
        up_ = false;
        barrier_sent_ = false;
        cancel_working_orders();
    } else {
        up_ = true;
        if (lockstep_) send(trading::lockstep_kind);
        if (barrier_) send_barrier();
    }
}

void ExchangeGateway::send_barrier() {
    send(*barrier_);
    barrier_sent_ = true;
}

void ExchangeGateway::cancel_working_orders() {
    if (working_.empty()) return;
    boost::json::array order_ids;
    for (const auto& [order_id, working] : working_) order_ids.emplace_back(order_id);
    engine_.put(core::Event(
        EventType::ERROR,
        {{"component", name()},
         {"error_message", std::to_string(working_.size()) +
                               (working_.size() == 1 ? " order" : " orders") +
                               " working at the exchange when its link dropped reported "
                               "cancelled; fills not received by then are unknown"},
         {"order_ids", std::move(order_ids)}},
        name()));
    for (const auto& [order_id, working] : working_) {
        answer(trading::make_execution_report(
            working.order, trading::OrderStatus::CANCELLED, working.filled, working.notional,
            "exchange link lost: cancelled on disconnect, outcome unconfirmed"));
    }
    link_.orders_cancelled_on_disconnect += working_.size();
    working_.clear();
}

void ExchangeGateway::send(std::string_view kind) {
    engine_.put(core::Event(EventType::SYSTEM, {{"kind", kind}}, std::string(to_exchange_source)));
}

void ExchangeGateway::answer(const trading::ExecutionReport& report) {
    engine_.put(trading::make_report_event(report, name()));
}

liquid_apps::LinkReport ExchangeGateway::link_report() const {
    std::lock_guard lock(mutex_);
    return link_;
}

}  // namespace liquid_trader
