#include "feed_service.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "liquid_apps/feed_protocol.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/trading/lockstep.hpp"
#include "liquid_energy/trading/market_data_connector.hpp"

namespace liquid_feed {
namespace {

namespace asio = boost::asio;
namespace core = liquid_energy::core;
namespace trading = liquid_energy::trading;
using liquid_apps::app_logger;

/// A count the client sent, if it is a whole number.
std::optional<std::uint64_t> count_field(const core::Event& event, std::string_view key) {
    const auto* value = event.data().if_contains(key);
    if (value == nullptr) return std::nullopt;
    boost::system::error_code error;
    const auto count = value->to_number<std::uint64_t>(error);
    if (error) return std::nullopt;
    return count;
}

class FeedService;

/// Hands the client's requests to its FeedService, in the order they came.
class FeedRequests : public core::EventListener {
  public:
    explicit FeedRequests(FeedService& service)
        : EventListener("feed_requests", {core::EventType::SYSTEM}), service_(service) {}

    bool accepts(const core::Event& event) const override {
        return liquid_apps::has_kind(event, liquid_apps::subscribe_kind) ||
               liquid_apps::has_kind(event, liquid_apps::next_kind);
    }

    void handle_event(const core::Event& event) override;

  private:
    FeedService& service_;
};

class FeedService : public liquid_apps::ClientService {
  public:
    FeedService(const liquid_apps::ClientConnection& client, const FeedSettings& settings)
        : engine_(client.engine),
          hang_up_(client.hang_up),
          settings_(settings),
          credits_(engine_.get_executor()),
          replay_ended_(engine_.get_executor()),
          requests_(std::make_shared<FeedRequests>(*this)) {
        engine_.register_listener(requests_);
    }

    ~FeedService() override { engine_.unregister_listener(requests_); }

    void subscribe(const core::Event& request) {
        const auto skip = count_field(request, "skip");
        if (!skip) return refuse("a subscribe needs a whole number of ticks to skip");
        if (connector_) return refuse("already subscribed");
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
            << "a client subscribed" << (*skip != 0 ? " past tick " + std::to_string(*skip) : "");
        connector_ = std::make_unique<trading::MarketDataConnector>(
            engine_, trading::ReplayOptions{
                         .path = settings_.data,
                         .speed = settings_.speed,
                         .source = std::string(liquid_apps::feed_source),
                         .skip_ticks = *skip,
                         .after_tick = [this](auto next) { after_tick(std::move(next)); }});
        // The first tick too waits for the client's word.
        credits_.async_take([this](boost::system::error_code error) {
            if (error) return replay_ended_.add(1);
            connector_->async_replay(asio::bind_cancellation_slot(
                stop_replay_.slot(),
                [this](boost::system::error_code replay_error, trading::ReplaySummary summary) {
                    BOOST_LOG_SEV(app_logger(), boost::log::trivial::debug)
                        << "a client's replay ended after " << summary.ticks << " ticks"
                        << (replay_error ? ": " + replay_error.message() : "");
                    replay_ended_.add(1);
                }));
        });
    }

    void grant(const core::Event& request) {
        const auto count = count_field(request, "count");
        if (!count || *count == 0) return refuse("a next needs a positive whole number of ticks");
        credits_.add(*count);
    }

    asio::awaitable<void> finish() override {
        if (!connector_) co_return;
        credits_.close();
        // A paced replay may be waiting for a tick's time: cancelling ends that wait too.
        asio::post(connector_->get_executor(),
                   [this] { stop_replay_.emit(asio::cancellation_type::terminal); });
        co_await replay_ended_.async_take(asio::use_awaitable);
    }

  private:
    /// On the connector's strand, after each tick sent.
    void after_tick(asio::any_completion_handler<void()> next) {
        ++sent_;
        if (settings_.drop_after_ticks != 0 && sent_ == settings_.drop_after_ticks) {
            BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
                << "resetting a client's connection after " << sent_
                << " ticks (--drop-after-ticks)";
            hang_up_();
        }
        credits_.async_take([this,
                             next = std::move(next)](boost::system::error_code error) mutable {
            asio::post(connector_->get_executor(), [this, error, next = std::move(next)]() mutable {
                if (error) stop_replay_.emit(asio::cancellation_type::terminal);
                std::move(next)();
            });
        });
    }

    void refuse(const std::string& why) {
        engine_.put(core::Event(
            core::EventType::ERROR,
            {{"component", liquid_apps::feed_source}, {"error_message", "request refused: " + why}},
            std::string(liquid_apps::feed_source)));
    }

    core::EventEngine& engine_;
    std::function<void()> hang_up_;
    const FeedSettings& settings_;
    /// Ticks the client asked for and was not sent yet.
    trading::CreditGate credits_;
    /// Taken once by finish(): the replay ended, or never started.
    trading::CreditGate replay_ended_;
    std::shared_ptr<FeedRequests> requests_;
    std::unique_ptr<trading::MarketDataConnector> connector_;
    asio::cancellation_signal stop_replay_;
    /// Ticks sent on this connection, on the connector's strand.
    std::uint64_t sent_ = 0;
};

void FeedRequests::handle_event(const core::Event& event) {
    if (liquid_apps::has_kind(event, liquid_apps::subscribe_kind)) {
        service_.subscribe(event);
    } else {
        service_.grant(event);
    }
}

}  // namespace

std::unique_ptr<liquid_apps::ClientService> make_feed_service(
    const liquid_apps::ClientConnection& client, const FeedSettings& settings) {
    return std::make_unique<FeedService>(client, settings);
}

}  // namespace liquid_feed
