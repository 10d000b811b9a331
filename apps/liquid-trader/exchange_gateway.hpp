#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "liquid_apps/summary.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/lockstep.hpp"
#include "liquid_energy/trading/orders.hpp"
#include "pacer.hpp"

namespace liquid_trader {

/// The source of what the gateway sends the exchange: the exchange link writes those events.
inline constexpr std::string_view to_exchange_source = "to_exchange";

/// Follows the order flow between the trading desk and the exchange link (named "exchange"),
/// so that what the exchange was sent and what the desk believes agree across outages.
///
/// The link writes the quotes, the orders risk submits, the strategies' cancels and what the
/// gateway puts with source `to_exchange_source`: on each link_up, a switch of the exchange's
/// new session to lockstep if asked, then the barrier (pacer.hpp) not acknowledged yet. A
/// barrier is a tick_done, or an end_of_data that closes the exchange's session; its
/// acknowledgement, which follows every answer the exchange owed, becomes a permit of `acks()`.
///
/// The exchange cancels a session's orders when its connection ends (cancel on disconnect), and
/// an answer on its way is lost with the connection. So on link_down every order the exchange
/// had not finished is reported cancelled here, after an ERROR naming how many, with its fills
/// so far and a reason that says its outcome is unconfirmed; an order submitted while the link
/// is down is rejected at once. No order is left without a final answer.
class ExchangeGateway : public liquid_energy::core::EventListener {
  public:
    ExchangeGateway(liquid_energy::core::EventEngine& engine, std::string address, bool lockstep);

    /// What the exchange link writes: these types, of the events `is_for_exchange` accepts.
    static std::vector<liquid_energy::core::EventType> written_types();
    static bool is_for_exchange(const liquid_energy::core::Event& event);
    /// What the exchange link lets in: the types the exchange answers with.
    static std::vector<liquid_energy::core::EventType> read_types();
    /// Room in the exchange link's writer for a round's quotes and orders.
    static std::size_t writer_capacity(const PacingOptions& pacing);

    void handle_event(const liquid_energy::core::Event& event) override;
    bool accepts(const liquid_energy::core::Event& event) const override;

    /// A permit per barrier acknowledged; closed when the link gives up.
    liquid_energy::trading::CreditGate& acks() noexcept { return acks_; }

    /// Thread-safe.
    liquid_apps::LinkReport link_report() const;

  private:
    struct WorkingOrder {
        liquid_energy::trading::Order order;
        double filled = 0;
        double notional = 0;
    };

    void on_submit(const liquid_energy::trading::Order& order);
    void on_report(const liquid_energy::trading::ExecutionReport& report);
    void on_fill(const liquid_energy::trading::Fill& fill);
    void on_system(const liquid_energy::core::Event& event);
    void on_link_event(std::string_view kind);
    void send_barrier();
    void cancel_working_orders();
    void send(std::string_view kind);
    void answer(const liquid_energy::trading::ExecutionReport& report);

    liquid_energy::core::EventEngine& engine_;
    const bool lockstep_;
    liquid_energy::trading::CreditGate acks_;
    mutable std::mutex mutex_;
    liquid_apps::LinkReport link_;
    bool up_ = false;
    /// The barrier to send (kind tick_done or end_of_data) until it is acknowledged.
    std::optional<std::string_view> barrier_;
    bool barrier_sent_ = false;
    std::map<std::string, WorkingOrder, std::less<>> working_;
};

}  // namespace liquid_trader
