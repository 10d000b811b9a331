#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "admission.hpp"
#include "cache_line.hpp"
#include "lifecycle.hpp"
#include "liquid_energy/core/event.hpp"
#include "outcome_counters.hpp"

namespace liquid_energy::core::detail {

/// Where listeners' batches and the dispatcher account for deliveries as they go down: the
/// engine's outcome totals, the backlog they complete (the last completion tells the lifecycle
/// the engine is idle), the listeners at their limit (for Admission), the batches queued on the
/// executor, and handler failures. It knows no listener and no dispatcher; the engine owns it.
class DeliveryLedger {
  public:
    /// Puts the ERROR event that reports a handler's failure.
    using ReportError = std::function<void(Event)>;

    DeliveryLedger(Admission& admission, Lifecycle& lifecycle, ReportError report_error)
        : admission_(admission), lifecycle_(lifecycle), report_error_(std::move(report_error)) {}

    DeliveryLedger(const DeliveryLedger&) = delete;
    DeliveryLedger& operator=(const DeliveryLedger&) = delete;

    const Lifecycle& lifecycle() const noexcept { return lifecycle_; }
    /// The engine's totals; each listener keeps its own share besides.
    OutcomeCounters& totals() noexcept { return totals_; }
    const OutcomeCounters& totals() const noexcept { return totals_; }

    /// `count` deliveries (or held events) left the backlog, handled or not.
    void complete(std::uint64_t count) {
        if (admission_.complete(count)) lifecycle_.on_idle();
    }
    void listener_overloaded(bool overloaded) { admission_.listener_overloaded(overloaded); }

    void batch_posted() noexcept { queued_batches_.fetch_add(1, std::memory_order_relaxed); }
    void batch_started() noexcept { queued_batches_.fetch_sub(1, std::memory_order_relaxed); }
    /// Batches posted to the executor and not started yet.
    std::size_t queued_batches() const noexcept {
        return queued_batches_.load(std::memory_order_relaxed);
    }

    /// Logs that `listener` threw while handling `event`, and reports it as an ERROR event
    /// unless `event` is one: a failing ERROR handler reported as another ERROR could loop.
    void report_failure(const Event& event, const std::string& listener, std::string_view what);

  private:
    Admission& admission_;
    Lifecycle& lifecycle_;
    const ReportError report_error_;
    std::atomic<std::size_t> queued_batches_{0};
    // Written by every listener's batches, apart from what producers write.
    alignas(cache_line_size) OutcomeCounters totals_;
};

}  // namespace liquid_energy::core::detail
