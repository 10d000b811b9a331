#include "nats_exchange.hpp"

#include <atomic>
#include <csignal>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "liquid_apps/cli.hpp"
#include "liquid_apps/feed_protocol.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_apps/nats_link.hpp"
#include "liquid_apps/reconnecting_link.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/nats/subject.hpp"

namespace liquid_exchange {
namespace {

namespace asio = boost::asio;
namespace core = liquid_energy::core;
namespace nats = liquid_energy::nats;
using liquid_apps::app_logger;

constexpr std::string_view orders_link = "orders";
constexpr auto orders_bridge_name = "exchange-nats";
/// Whatever a trader's name, its messages reach its session as a TCP client's lines do.
constexpr auto client_source = "exchange_client";

/// One trader's session: an engine with the exchange service, and a link that publishes the
/// exchange's answers to that trader.
class TraderSession {
  public:
    TraderSession(const std::string& trader, const ExchangeSettings& settings,
                  const liquid_apps::NatsSettings& nats)
        : service_(make_exchange_service({.engine = engine_, .hang_up = [] {}}, settings)),
          answers_(engine_, "answers", answers_bridge(trader, nats)) {
        engine_.start();
        answers_.start();
    }

    void put(const core::Event& event) {
        engine_.put(core::Event(event.type(), event.data(), client_source, event.timestamp()));
    }

    /// Publishes what is pending, then stops the engine. Not from a thread of its engine.
    void stop() {
        answers_.stop_and_wait();
        engine_.stop();
    }

  private:
    static nats::BridgeOptions answers_bridge(const std::string& trader,
                                              const liquid_apps::NatsSettings& nats) {
        auto bridge = nats.bridge_options(std::string(orders_bridge_name) + "-" + trader);
        bridge.prefix = nats.subject_root() + ".reports." + nats::escape_subject_token(trader);
        bridge.export_types = {core::EventType::ORDER_UPDATE, core::EventType::TRADE_UPDATE,
                               core::EventType::SYSTEM, core::EventType::ERROR};
        bridge.export_filter = [](const core::Event& event) {
            return event.source() == liquid_apps::exchange_source;
        };
        return bridge;
    }

    core::EventEngine engine_{{.threads = 1}};
    std::unique_ptr<liquid_apps::ClientService> service_;
    liquid_apps::NatsLink answers_;
};

/// Hands each trader's messages to its session, opening it at the trader's first message.
class TraderSessions : public core::EventListener {
  public:
    TraderSessions(const ExchangeSettings& settings, const liquid_apps::NatsSettings& nats)
        : EventListener("trader_sessions",
                        {core::EventType::MARKET_DATA, core::EventType::ORDER_UPDATE,
                         core::EventType::SYSTEM}),
          settings_(settings),
          nats_(nats) {}

    /// What the consumer imported: not the bridge's nor the link's own events.
    bool accepts(const core::Event& event) const override {
        return event.source().has_value() && event.source() != orders_bridge_name &&
               !liquid_apps::is_link_event(event, orders_link);
    }

    void handle_event(const core::Event& event) override {
        std::lock_guard lock(mutex_);
        const auto& trader = *event.source();
        auto found = sessions_.find(trader);
        if (found == sessions_.end()) {
            BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
                << "trader " << trader << "'s session began";
            // Connecting its publisher blocks this listener, and only this one, for a moment.
            found =
                sessions_.emplace(trader, std::make_unique<TraderSession>(trader, settings_, nats_))
                    .first;
        }
        found->second->put(event);
    }

    void stop_all() {
        std::lock_guard lock(mutex_);
        for (auto& [trader, session] : sessions_) session->stop();
    }

  private:
    const ExchangeSettings& settings_;
    const liquid_apps::NatsSettings& nats_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<TraderSession>, std::less<>> sessions_;
};

/// The exit status, once a signal came (0) or the link gave up (1), whichever is first.
class Outcome {
  public:
    void set(int status) {
        if (!set_.test_and_set()) status_.set_value(status);
    }
    int get() { return status_.get_future().get(); }

  private:
    std::atomic_flag set_;
    std::promise<int> status_;
};

}  // namespace

int serve_over_nats(const ExchangeSettings& settings, const liquid_apps::NatsSettings& nats) {
    core::EventEngine engine({.threads = 1});
    const auto sessions = std::make_shared<TraderSessions>(settings, nats);
    engine.register_listener(sessions);
    auto bridge = nats.bridge_options(orders_bridge_name);
    bridge.import_subject = nats.subject_root() + ".orders.>";
    bridge.durable = "exchange";
    liquid_apps::NatsLink orders(engine, std::string(orders_link), bridge);
    engine.start();
    orders.start();
    std::cout << "consuming " << bridge.import_subject << " on stream " << nats.stream << std::endl;

    Outcome outcome;
    std::promise<void> orders_ended;
    asio::signal_set signals(engine.get_executor(), SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code error, int) {
        if (!error) outcome.set(0);
    });
    orders.async_run([&](boost::system::error_code error) {
        if (error) outcome.set(liquid_apps::exit_failure);
        orders_ended.set_value();
    });
    const int status = outcome.get();
    asio::post(engine.get_executor(), [&] { signals.cancel(); });
    // A link that gave up has ended its run already.
    if (status == 0) orders.stop();
    orders_ended.get_future().wait();
    sessions->stop_all();
    engine.stop();
    BOOST_LOG_SEV(app_logger(), boost::log::trivial::info) << "stopped";
    return status;
}

}  // namespace liquid_exchange
