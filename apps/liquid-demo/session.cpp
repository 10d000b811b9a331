#include "session.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <future>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "liquid_apps/logging.hpp"
#include "liquid_apps/trading_desk.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/trading/lockstep.hpp"
#include "progress_bar.hpp"

namespace liquid_demo {
namespace {

namespace asio = boost::asio;
namespace trading = liquid_energy::trading;
using liquid_apps::app_logger;
using liquid_energy::core::Event;
using liquid_energy::core::EventEngine;
using liquid_energy::core::EventType;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds progress_interval{100};

/// Lockstep's step after each tick: once the engine is idle, the exchange may answer; once its
/// answers are handled, the next tick.
auto lockstep_gate(EventEngine& engine) {
    return [&engine](asio::any_completion_handler<void()> next) {
        engine.async_wait_idle([&engine, next = std::move(next)]() mutable {
            engine.put(Event(EventType::SYSTEM, {{"kind", trading::tick_done_kind}}, "lockstep"));
            engine.async_wait_idle(std::move(next));
        });
    };
}

/// SIGINT and SIGTERM cancel the replay. The signals are waited for on the connector's strand:
/// cancellation must be emitted where the replay runs.
class Interruption {
  public:
    explicit Interruption(const trading::MarketDataConnector& connector)
        : signals_(connector.get_executor(), SIGINT, SIGTERM) {
        signals_.async_wait([this](boost::system::error_code error, int) {
            if (error) return;
            interrupted_ = true;
            cancel_.emit(asio::cancellation_type::terminal);
        });
    }

    asio::cancellation_slot slot() { return cancel_.slot(); }
    bool interrupted() const noexcept { return interrupted_; }

    /// Stops waiting for signals, which would otherwise keep the engine's threads busy forever.
    void close() {
        asio::post(signals_.get_executor(), [this] { signals_.cancel(); });
    }

  private:
    asio::signal_set signals_;
    asio::cancellation_signal cancel_;
    std::atomic<bool> interrupted_{false};
};

using ReplayResult = std::tuple<boost::system::error_code, trading::ReplaySummary>;

/// Replays the data once, drawing a progress bar meanwhile when stderr is a terminal.
ReplayResult replay(trading::MarketDataConnector& connector, Interruption& interruption,
                    Clock::time_point start) {
    std::promise<ReplayResult> replayed;
    connector.async_replay(asio::bind_cancellation_slot(
        interruption.slot(),
        [&replayed](boost::system::error_code error, trading::ReplaySummary summary) {
            replayed.set_value({error, summary});
        }));
    auto result = replayed.get_future();
    if (ProgressBar::fits(stderr)) {
        ProgressBar bar(stderr);
        while (result.wait_for(progress_interval) != std::future_status::ready) {
            bar.draw(connector.progress(), Clock::now() - start);
        }
        bar.clear();
    }
    return result.get();
}

void log_start(const Options& options) {
    if (options.speed > 0) {
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
            << "replaying " << options.data << " at " << options.speed << "x real time";
    } else if (options.session.lockstep) {
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
            << "replaying " << options.data << " in lockstep";
    } else {
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
            << "replaying " << options.data << " as fast as possible";
    }
}

}  // namespace

liquid_apps::SessionReport run_session(const Options& options) {
    EventEngine engine({.threads = options.session.lockstep ? 1 : options.session.threads});
    const auto desk = liquid_apps::register_trading_desk(engine, options.session.log_level,
                                                         liquid_apps::WithExchange::YES);
    trading::ReplayOptions replay_options{.path = options.data, .speed = options.speed};
    if (options.session.lockstep) {
        replay_options.after_tick = lockstep_gate(engine);
        engine.put(Event(EventType::SYSTEM, {{"kind", trading::lockstep_kind}}, "lockstep"));
    }
    trading::MarketDataConnector connector(engine, std::move(replay_options));
    Interruption interruption(connector);
    liquid_apps::DeskRun run(engine, desk);

    log_start(options);
    run.start();
    const auto [replay_error, replay_summary] = replay(connector, interruption, Clock::now());
    interruption.close();
    auto report = run.stop();
    report.data = options.data.string();
    report.replay = replay_summary;
    report.replay_error = replay_error;
    report.interrupted = interruption.interrupted();
    return report;
}

}  // namespace liquid_demo
