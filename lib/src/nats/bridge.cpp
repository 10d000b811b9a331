#include "liquid_energy/nats/bridge.hpp"

#include "bridge_state.hpp"

namespace liquid_energy::nats {

Bridge::Bridge(core::EventEngine& engine, BridgeOptions options)
    : state_(std::make_shared<detail::BridgeState>(engine, std::move(options))) {}

Bridge::~Bridge() { state_->close(); }

void Bridge::start() { state_->start(); }

void Bridge::grant_imports(std::uint64_t count) { state_->grant_imports(count); }

BridgeStats Bridge::stats() const noexcept { return state_->stats(); }

void Bridge::async_stop_impl(boost::asio::any_completion_handler<void()> handler) {
    state_->async_stop(std::move(handler));
}

}  // namespace liquid_energy::nats
