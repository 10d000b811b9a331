#include "exchange_service.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <boost/json/serialize.hpp>

#include "liquid_apps/feed_protocol.hpp"
#include "liquid_apps/log_budget.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/exchange_listener.hpp"
#include "liquid_energy/trading/orders.hpp"

namespace liquid_exchange {
namespace {

namespace core = liquid_energy::core;
namespace trading = liquid_energy::trading;
using liquid_apps::app_logger;

/// Resets the connection once `limit` orders came in on it.
class OrderCountdown : public core::EventListener {
  public:
    OrderCountdown(std::uint64_t limit, std::function<void()> hang_up)
        : EventListener("order_countdown", {core::EventType::ORDER_UPDATE}),
          left_(limit),
          hang_up_(std::move(hang_up)) {}

    bool accepts(const core::Event& event) const override {
        const auto* action = event.data().if_contains("action");
        return action != nullptr && action->is_string() &&
               action->get_string() == trading::to_string(trading::OrderAction::SUBMIT);
    }

    void handle_event(const core::Event&) override {
        if (left_ == 0 || --left_ != 0) return;
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
            << "resetting a client's connection after its orders (--drop-after-orders)";
        hang_up_();
    }

  private:
    std::uint64_t left_;
    std::function<void()> hang_up_;
};

/// Logs what the exchange refused a client, rate-limited: the client learns each refusal on its
/// connection, so the log only needs to show that it happens and how often.
class MistakeLog : public core::EventListener {
  public:
    MistakeLog()
        : EventListener("mistake_log", {core::EventType::ORDER_UPDATE, core::EventType::ERROR}) {}

    bool accepts(const core::Event& event) const override {
        if (event.source() != liquid_apps::exchange_source) return false;
        if (event.type() == core::EventType::ERROR) return true;
        const auto* status = event.data().if_contains("status");
        return status != nullptr && status->is_string() &&
               status->get_string() == trading::to_string(trading::OrderStatus::REJECTED);
    }

    void handle_event(const core::Event& event) override {
        const auto unlogged = budget_.take(liquid_apps::LogBudget::Clock::now());
        if (!unlogged) return;
        const auto* reason = event.data().if_contains("reason");
        const auto* message = event.data().if_contains("error_message");
        const auto* why = message != nullptr ? message : reason;
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::warning)
            << "refused a client's " << (event.type() == core::EventType::ERROR ? "input" : "order")
            << ": " << (why != nullptr ? boost::json::serialize(*why) : std::string("?")) << " ("
            << *unlogged << " more refused since the last such line)";
    }

    std::uint64_t total() const noexcept { return budget_.total(); }

  private:
    static constexpr auto interval = std::chrono::seconds(5);
    liquid_apps::LogBudget budget_{1, interval};
};

class ExchangeService : public liquid_apps::ClientService {
  public:
    ExchangeService(const liquid_apps::ClientConnection& client, const ExchangeSettings& settings)
        : mistakes_(std::make_shared<MistakeLog>()) {
        client.engine.register_listener(std::make_shared<trading::ExchangeListener>(
            client.engine, std::string(liquid_apps::exchange_source), settings.limits));
        client.engine.register_listener(mistakes_);
        if (settings.drop_after_orders != 0) {
            client.engine.register_listener(
                std::make_shared<OrderCountdown>(settings.drop_after_orders, client.hang_up));
        }
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info) << "a client's session began";
    }

    boost::asio::awaitable<void> finish() override {
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
            << "a client's session ended after " << mistakes_->total()
            << " refused inputs; its resting orders are cancelled with it";
        co_return;
    }

  private:
    std::shared_ptr<MistakeLog> mistakes_;
};

}  // namespace

std::unique_ptr<liquid_apps::ClientService> make_exchange_service(
    const liquid_apps::ClientConnection& client, const ExchangeSettings& settings) {
    return std::make_unique<ExchangeService>(client, settings);
}

}  // namespace liquid_exchange
