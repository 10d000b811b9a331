#include "session.hpp"

#include <atomic>
#include <csignal>
#include <memory>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "exchange_gateway.hpp"
#include "feed_client.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_apps/reconnecting_link.hpp"
#include "liquid_apps/trading_desk.hpp"
#include "nats_links.hpp"

namespace liquid_trader {
namespace {

namespace asio = boost::asio;
namespace core = liquid_energy::core;
using namespace asio::experimental::awaitable_operators;
using Strand = asio::strand<core::EventEngine::executor_type>;

/// SIGINT and SIGTERM stop the ticks; the session then closes with the exchange.
class Interruption {
  public:
    Interruption(const Strand& strand, FeedClient& feed) : signals_(strand, SIGINT, SIGTERM) {
        signals_.async_wait([this, &feed](boost::system::error_code error, int) {
            if (error) return;
            interrupted_ = true;
            feed.ticks().close();
        });
    }

    bool interrupted() const noexcept { return interrupted_; }

    /// Stops waiting for signals, which would otherwise keep the engine's threads busy forever.
    void close() {
        asio::post(signals_.get_executor(), [this] { signals_.cancel(); });
    }

  private:
    asio::signal_set signals_;
    std::atomic<bool> interrupted_{false};
};

PacingOptions pacing(const Options& options) {
    return {.lockstep = options.session.lockstep, .round_ticks = options.round_ticks};
}

/// Both links over TCP, set up to carry what the feed client and the gateway send. Each stamps
/// what it reads with its name, "feed" or "exchange", and lets in only the types its peer sends:
/// fills and order reports come from the exchange's session or nowhere.
struct TcpLinks {
    liquid_apps::ReconnectingLink feed;
    liquid_apps::ReconnectingLink exchange;

    TcpLinks(core::EventEngine& engine, const Options& options)
        : feed(engine, {.name = "feed",
                        .address = options.feed,
                        .write_types = {core::EventType::SYSTEM},
                        .write_filter = FeedClient::is_for_feed,
                        .read_types = {core::EventType::MARKET_DATA, core::EventType::SYSTEM,
                                       core::EventType::ERROR},
                        .reconnect = options.reconnect,
                        .auth_token = options.auth_token,
                        .tls = options.tls}),
          exchange(engine, {.name = "exchange",
                            .address = options.exchange,
                            .write_types = ExchangeGateway::written_types(),
                            .write_filter = ExchangeGateway::is_for_exchange,
                            .read_types = ExchangeGateway::read_types(),
                            .write_capacity = ExchangeGateway::writer_capacity(pacing(options)),
                            .reconnect = options.reconnect,
                            .auth_token = options.auth_token,
                            .tls = options.tls}) {}

    /// A TCP link connects when it runs.
    void start() {}
    /// Its link events count its outages already.
    void count_outages(std::vector<liquid_apps::LinkReport>&) const {}
};

template <typename Link>
asio::awaitable<void> keep_up(Link& link) {
    // Giving up reaches the feed client and the gateway as a link_failed event.
    co_await link.async_run(asio::as_tuple(asio::use_awaitable));
}

/// The rounds, then the feed link stopped: once its run is over no tick can come in any more.
template <typename Links>
asio::awaitable<bool> read_feed(core::EventEngine& engine, FeedClient& feed,
                                ExchangeGateway& gateway, Links& links, PacingOptions pacing) {
    const bool exchange_up = co_await pace_rounds(engine, feed, gateway, pacing);
    links.feed.stop();
    co_return exchange_up;
}

template <typename Links>
asio::awaitable<void> trade(core::EventEngine& engine, FeedClient& feed, ExchangeGateway& gateway,
                            Links& links, PacingOptions pacing) {
    const bool exchange_up =
        co_await (read_feed(engine, feed, gateway, links, pacing) && keep_up(links.feed));
    if (exchange_up) co_await close_exchange_session(engine, gateway);
    links.exchange.stop();
}

struct Addresses {
    std::string feed;
    std::string exchange;
};

Addresses addresses(const Options& options) {
    if (!options.nats) return {options.feed.to_string(), options.exchange.to_string()};
    const auto broker =
        "stream " + options.nats->stream + " at " + liquid_apps::server_list(options.nats->servers);
    return {broker, broker};
}

void log_start(const Options& options, const Addresses& at) {
    BOOST_LOG_SEV(liquid_apps::app_logger(), boost::log::trivial::info)
        << (options.nats ? options.name + " " : std::string()) << "trading on the feed at "
        << at.feed << " through the exchange at " << at.exchange
        << (options.session.lockstep
                ? " in lockstep"
                : ", " + std::to_string(options.round_ticks) + " ticks a round");
}

template <typename Links>
liquid_apps::SessionReport run_on(core::EventEngine& engine, const liquid_apps::TradingDesk& desk,
                                  const Options& options, const Addresses& at) {
    const auto feed = std::make_shared<FeedClient>(engine, at.feed);
    const auto gateway =
        std::make_shared<ExchangeGateway>(engine, at.exchange, options.session.lockstep);
    engine.register_listener(feed);
    engine.register_listener(gateway);
    Links links(engine, options);
    const Strand strand = asio::make_strand(engine.get_executor());
    Interruption interruption(strand, *feed);
    liquid_apps::DeskRun run(engine, desk);

    log_start(options, at);
    run.start();
    links.start();
    asio::co_spawn(
        strand, trade(engine, *feed, *gateway, links, pacing(options)) && keep_up(links.exchange),
        asio::use_future)
        .get();
    interruption.close();
    auto report = run.stop();
    report.data = "feed " + at.feed;
    report.replay = feed->replay_summary();
    report.interrupted = interruption.interrupted();
    report.links = {feed->link_report(), gateway->link_report()};
    links.count_outages(report.links);
    return report;
}

}  // namespace

liquid_apps::SessionReport run_session(const Options& options) {
    core::EventEngine engine({.threads = options.session.lockstep ? 1 : options.session.threads});
    const auto desk = liquid_apps::register_trading_desk(engine, options.session.log_level,
                                                         liquid_apps::WithExchange::NO);
    const auto at = addresses(options);
    if (options.nats) return run_on<NatsLinks>(engine, desk, options, at);
    return run_on<TcpLinks>(engine, desk, options, at);
}

}  // namespace liquid_trader
