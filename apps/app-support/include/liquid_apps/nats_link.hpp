#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>

#include "liquid_apps/summary.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/nats/bridge.hpp"
#include "liquid_energy/trading/lockstep.hpp"

namespace liquid_apps {

/// A link (reconnecting_link.hpp's "feed", "exchange") carried by a NATS JetStream bridge: it
/// tells the engine the link events a ReconnectingLink tells, so the components that follow a
/// link work over either. Its link_up comes once the bridge is connected. There is no link_down:
/// while the broker is away nothing is lost, as exports wait and the durable consumer resumes
/// where it acked; `count_outages` tells how often it was away. When the bridge gives up
/// reconnecting, a link_failed ends the run.
///
/// The engine must outlive the link, and the link its run.
class NatsLink {
  public:
    using Signature = void(boost::system::error_code);

    NatsLink(liquid_energy::core::EventEngine& engine, std::string name,
             liquid_energy::nats::BridgeOptions options);
    ~NatsLink();

    NatsLink(const NatsLink&) = delete;
    NatsLink& operator=(const NatsLink&) = delete;

    /// Connects the bridge (retrying) and puts the link_up. Blocks; not from a handler. Throws
    /// Unreachable (cli.hpp) naming the servers when none answers, std::runtime_error when
    /// JetStream refuses the stream or the consumer.
    void start();

    /// Completes after stop() once the bridge has acked and published what the engine handled,
    /// or with eof once the link_failed event is put. Completion signature `void(error_code)`.
    template <
        boost::asio::completion_token_for<Signature> CompletionToken = boost::asio::deferred_t>
    auto async_run(CompletionToken&& token = boost::asio::deferred_t()) {
        return ended_.async_take(std::forward<CompletionToken>(token));
    }

    /// Thread-safe. Stops importing and ends the run once the bridge is flushed; nothing after
    /// the link failed.
    void stop();

    /// stop(), then waits for the run's end and returns its error (eof: the link had failed).
    /// Not from a thread of the engine, nor while an async_run waits.
    boost::system::error_code stop_and_wait();

    /// Thread-safe, after start(). See nats::Bridge::grant_imports.
    void grant_imports(std::uint64_t count);

    /// Adds the connections to the broker lost, and made again, to `report`. Thread-safe.
    void count_outages(LinkReport& report) const;

  private:
    class BridgeWatch;

    liquid_energy::core::EventEngine& engine_;
    const std::string name_;
    const std::string address_;
    liquid_energy::nats::Bridge bridge_;
    liquid_energy::trading::CreditGate ended_;
    std::shared_ptr<BridgeWatch> bridge_watch_;
    std::atomic<bool> failed_{false};
    std::atomic<std::uint64_t> outages_{0};
    std::atomic<std::uint64_t> reconnections_{0};
};

}  // namespace liquid_apps
