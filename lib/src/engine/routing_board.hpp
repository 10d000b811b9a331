#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

#include "routing_table.hpp"

namespace liquid_energy::core::detail {

/// Where registration publishes the current RoutingTable and the dispatcher picks it up. The
/// version lets the dispatcher see a change with one atomic load per event instead of a lock.
class RoutingBoard {
  public:
    RoutingBoard() : current_(std::make_shared<const RoutingTable>(RoutingTable::Slots{})) {}

    RoutingBoard(const RoutingBoard&) = delete;
    RoutingBoard& operator=(const RoutingBoard&) = delete;

    void publish(RoutingTable::Slots slots) {
        auto published = std::make_shared<const RoutingTable>(std::move(slots));
        {
            std::lock_guard lock(mutex_);
            current_.swap(published);
        }
        version_.fetch_add(1, std::memory_order_release);
    }

    std::shared_ptr<const RoutingTable> current() const {
        std::lock_guard lock(mutex_);
        return current_;
    }

    /// Grows by one with each publication.
    std::uint64_t version() const noexcept { return version_.load(std::memory_order_acquire); }

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const RoutingTable> current_;
    std::atomic<std::uint64_t> version_{0};
};

}  // namespace liquid_energy::core::detail
