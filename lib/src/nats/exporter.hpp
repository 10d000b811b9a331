#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "connection.hpp"
#include "counters.hpp"
#include "handles.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/nats/bridge_options.hpp"

namespace liquid_energy::nats::detail {

/// The listener that publishes local events to the stream, one at a time, each until the stream
/// acks it: while the broker is away it retries, so later events wait in its backlog.
class Exporter : public core::EventListener {
  public:
    Exporter(const BridgeOptions& options, std::shared_ptr<Connection> connection,
             std::shared_ptr<Ledger> ledger);

    void handle_event(const core::Event& event) override;
    /// Imported events are skipped, and those the export filter refuses.
    bool accepts(const core::Event& event) const override;

    /// A publish in progress stops retrying; later events are refused. Thread-safe.
    void abandon() noexcept { abandoned_ = true; }

  private:
    MessagePtr make_message(const core::Event& event);
    bool publish(natsMsg* message);

    std::string prefix_;
    std::function<bool(const core::Event&)> filter_;
    std::optional<std::string> source_;
    std::string instance_;
    std::int64_t publish_timeout_ms_;
    const std::shared_ptr<Connection> connection_;
    const std::shared_ptr<Ledger> ledger_;
    std::uint64_t sequence_ = 0;
    std::atomic<bool> abandoned_{false};
};

}  // namespace liquid_energy::nats::detail
