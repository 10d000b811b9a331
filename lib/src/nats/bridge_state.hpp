#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/strand.hpp>

#include "connection.hpp"
#include "counters.hpp"
#include "exporter.hpp"
#include "importer.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/nats/bridge_options.hpp"

namespace liquid_energy::nats::detail {

/// The bridge's parts: the connection, the exporter listener, the importer, and what libnats
/// reports about the link turned into events on the strand.
class BridgeState : public std::enable_shared_from_this<BridgeState> {
  public:
    BridgeState(core::EventEngine& engine, BridgeOptions options);
    void start();
    /// Stops exporting and importing and closes the connection, at once; idempotent.
    void close();
    void async_stop(boost::asio::any_completion_handler<void()> handler);
    void grant_imports(std::uint64_t count);
    BridgeStats stats() const noexcept { return ledger_->counters.snapshot(); }

  private:
    void on_link_event(LinkEvent event);
    void report_link_event(LinkEvent event);
    void wait_for_exports();
    void flush_and_complete();

    core::EventEngine& engine_;
    const BridgeOptions options_;
    Importer::Strand strand_;
    const std::shared_ptr<Ledger> ledger_ = std::make_shared<Ledger>();
    std::uint64_t link_id_ = 0;
    std::atomic<bool> closing_{false};
    std::shared_ptr<Connection> connection_;
    std::shared_ptr<Exporter> exporter_;
    std::shared_ptr<Importer> importer_;
    boost::asio::any_completion_handler<void()> stop_handler_;  // on the strand
};

}  // namespace liquid_energy::nats::detail
