#include "exchange_service.hpp"

#include <functional>
#include <utility>

#include "liquid_apps/feed_protocol.hpp"
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

class ExchangeService : public liquid_apps::ClientService {
  public:
    ExchangeService(const liquid_apps::ClientConnection& client, const ExchangeSettings& settings) {
        client.engine.register_listener(std::make_shared<trading::ExchangeListener>(
            client.engine, std::string(liquid_apps::exchange_source)));
        if (settings.drop_after_orders != 0) {
            client.engine.register_listener(
                std::make_shared<OrderCountdown>(settings.drop_after_orders, client.hang_up));
        }
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info) << "a client's session began";
    }

    boost::asio::awaitable<void> finish() override {
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
            << "a client's session ended; its resting orders are cancelled with it";
        co_return;
    }
};

}  // namespace

std::unique_ptr<liquid_apps::ClientService> make_exchange_service(
    const liquid_apps::ClientConnection& client, const ExchangeSettings& settings) {
    return std::make_unique<ExchangeService>(client, settings);
}

}  // namespace liquid_exchange
