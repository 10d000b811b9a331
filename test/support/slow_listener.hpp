#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/general_event_listener.hpp"

namespace liquid_energy::test {

/// Burns a little CPU per event so that a backlog builds up behind it.
inline void busy_work() {
    for (int i = 0; i < 2000; ++i) std::atomic_signal_fence(std::memory_order_seq_cst);
}

/// Handles every event slowly, and records the most events the engine had accepted that it had
/// not handled yet: its backlog, when it is the engine's only listener.
class SlowListener : public core::GeneralEventListener {
  public:
    SlowListener(const core::EventEngine& engine, std::chrono::microseconds per_event)
        : GeneralEventListener("slow"), engine_(engine), per_event_(per_event) {}

    void handle_event(const core::Event& event) override {
        const auto accepted = static_cast<std::int64_t>(engine_.stats().accepted);
        peak_backlog_ = std::max(peak_backlog_.load(), accepted - handled_.load());
        if (event.type() == core::EventType::MARKET_DATA) ++market_data_;
        // Work that takes time, not a way to wait for anything.
        const auto until = std::chrono::steady_clock::now() + per_event_;
        while (std::chrono::steady_clock::now() < until) {
        }
        ++handled_;
    }

    std::int64_t handled() const { return handled_; }
    std::int64_t market_data() const { return market_data_; }
    std::int64_t peak_backlog() const { return peak_backlog_; }

  private:
    const core::EventEngine& engine_;
    const std::chrono::microseconds per_event_;
    std::atomic<std::int64_t> handled_{0};
    std::atomic<std::int64_t> market_data_{0};
    std::atomic<std::int64_t> peak_backlog_{0};
};

}  // namespace liquid_energy::test
