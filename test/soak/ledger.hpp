#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "liquid_energy/core/put_status.hpp"
#include "liquid_energy/core/rejection_counts.hpp"

namespace liquid_soak {

namespace core = liquid_energy::core;

/// The types producers put, each with its own overflow policy (see make_engine_options).
inline constexpr std::array<core::EventType, 4> producer_types{
    core::EventType::MARKET_DATA, core::EventType::ORDER_UPDATE, core::EventType::TRADE_UPDATE,
    core::EventType::STRATEGY_UPDATE};
/// What timers tick with; what reacting listeners put in answer to an ORDER_UPDATE.
inline constexpr core::EventType tick_type = core::EventType::INFO;
inline constexpr core::EventType effect_type = core::EventType::TRADE_UPDATE;
/// Every type the soak puts, or the engine puts for it (ERROR): each has an auditor.
inline constexpr std::array<core::EventType, 6> audited_types{
    core::EventType::MARKET_DATA,     core::EventType::ORDER_UPDATE, core::EventType::TRADE_UPDATE,
    core::EventType::STRATEGY_UPDATE, core::EventType::INFO,         core::EventType::ERROR};

inline constexpr std::array<std::string_view, 4> symbols{"BTC-USD", "ETH-USD", "SOL-USD",
                                                         "XRP-USD"};
/// Source ids: producer threads are 0..n-1, a reacting listener with id i is first_reactor + i.
inline constexpr std::int64_t first_reactor = 1'000'000;

/// Filtering listeners refuse the events whose "seq" is a multiple of this.
inline constexpr std::int64_t filter_modulus = 5;
inline bool filtered_out(std::int64_t seq) { return seq % filter_modulus == 0; }

/// What one source put of one type: calls, refusals by reason, and the accepted sequence numbers
/// in put order (a source numbers the events of each type 0, 1, 2...). Written only by its source
/// (a producer thread, or a listener's strand); read after the run.
class TypeLog {
  public:
    void record(core::PutStatus status, std::int64_t seq);

    std::uint64_t calls() const noexcept { return calls_; }
    const core::RejectionCounts& refused() const noexcept { return refused_; }
    std::uint64_t accepted() const noexcept { return accepted_.size(); }
    /// The accepted sequence numbers in [first, last]; `passing_filter` leaves out those a
    /// filtering listener refuses.
    std::uint64_t accepted_between(std::int64_t first, std::int64_t last,
                                   bool passing_filter) const;

  private:
    std::uint64_t calls_ = 0;
    core::RejectionCounts refused_;
    std::vector<std::uint32_t> accepted_;
    std::vector<std::uint32_t> accepted_filtered_out_;
};

/// What one source put, by type.
struct SourceLog {
    std::int64_t source = 0;
    std::map<core::EventType, TypeLog> types;

    /// Puts `event` (already carrying source and seq) and records the outcome.
    template <typename Engine>
    core::PutStatus put(Engine& engine, core::Event event, std::int64_t seq) {
        const core::EventType type = event.type();
        const core::PutStatus status = engine.put_with_status(std::move(event));
        types[type].record(status, seq);
        return status;
    }
};

}  // namespace liquid_soak
