#pragma once

#include <memory>
#include <utility>

#include <boost/asio/io_context.hpp>

#include "engine/admission.hpp"
#include "engine/delivery_ledger.hpp"
#include "engine/lifecycle.hpp"
#include "liquid_energy/core/engine_options.hpp"

namespace liquid_energy::test {

/// What the engine's private units (listener slots, the dispatcher) account into, on a test's
/// io_context that the test drives itself: for the unit tests that include lib/src.
struct LedgerRig {
    explicit LedgerRig(core::detail::DeliveryLedger::ReportError report_error =
                           [](const core::Event&) {})
        : admission(core::EngineOptions{}),
          lifecycle(context.get_executor(), admission, [] {}),
          ledger(std::make_shared<core::detail::DeliveryLedger>(admission, lifecycle,
                                                                std::move(report_error))) {}

    /// Runs what waits on the executor; again after an earlier drain ran out of work.
    void drain() {
        context.restart();
        context.poll();
    }

    boost::asio::io_context context;
    core::detail::Admission admission;
    core::detail::Lifecycle lifecycle;
    std::shared_ptr<core::detail::DeliveryLedger> ledger;
};

}  // namespace liquid_energy::test
