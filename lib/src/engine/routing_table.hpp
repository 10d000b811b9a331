#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "liquid_energy/core/event_type.hpp"
#include "listener_slot.hpp"

namespace liquid_energy::core::detail {

/// An immutable snapshot of the registered listeners, derived from the Signals2 registry each time
/// it changes: what the hot path reads instead of the registry. Which listeners take each built-in
/// type is worked out once, here; user types ask each listener.
class RoutingTable {
  public:
    using Slots = std::vector<std::shared_ptr<ListenerSlot>>;

    explicit RoutingTable(Slots slots);

    /// In registration order.
    const Slots& slots() const noexcept { return slots_; }

    /// Calls `visit(index)` for the index in `slots()` of each listener routed for `type`, in
    /// registration order.
    template <typename Visit>
    void for_each_route(EventType type, Visit&& visit) const {
        const auto value = static_cast<std::size_t>(type);
        if (value < builtin_routes_.size()) {
            for (const std::uint32_t index : builtin_routes_[value]) visit(index);
            return;
        }
        for (std::uint32_t index = 0; index < slots_.size(); ++index) {
            if (slots_[index]->routes(type)) visit(index);
        }
    }

  private:
    Slots slots_;
    std::array<std::vector<std::uint32_t>, builtin_event_type_end> builtin_routes_;
};

}  // namespace liquid_energy::core::detail
