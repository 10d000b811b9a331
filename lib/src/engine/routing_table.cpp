#include "routing_table.hpp"

#include <utility>

namespace liquid_energy::core::detail {

RoutingTable::RoutingTable(Slots slots) : slots_(std::move(slots)) {
    for (std::size_t value = 0; value < builtin_routes_.size(); ++value) {
        for (std::uint32_t index = 0; index < slots_.size(); ++index) {
            if (slots_[index]->routes(EventType(value))) builtin_routes_[value].push_back(index);
        }
    }
}

}  // namespace liquid_energy::core::detail
