#pragma once

#include <cstdint>
#include <string>

#include "liquid_energy/core/event_type.hpp"
#include "workload.hpp"

namespace liquid_bench {

/// The baselines' event: the engine's payload fields as a plain struct (a representation the
/// workload leaves to each implementation). The symbol fits std::string's small buffer.
struct BaselineEvent {
    liquid_energy::core::EventType type;
    std::string symbol;
    double price;
    double volume;
    std::int64_t seq;
    /// W2 only; zero in W1.
    std::int64_t put_ns;
};

/// Event `seq` of the workload.
inline BaselineEvent make_baseline_event(std::int64_t seq, std::int64_t put_ns) {
    return BaselineEvent{liquid_energy::core::EventType::MARKET_DATA,
                         std::string(symbol),
                         price_of(seq),
                         volume_of(seq),
                         seq,
                         put_ns};
}

/// Subscribes the scenario's listeners, each doing the workload's listener work.
template <typename Bus>
void subscribe_baseline_listeners(Bus& bus, Board& board, const Scenario& scenario) {
    for (std::size_t i = 0; i < scenario.listeners; ++i) {
        bus.subscribe(liquid_energy::core::EventType::MARKET_DATA,
                      [&board, &tally = board.tally(i)](const BaselineEvent& event) {
                          board.record(tally, event.seq, event.price, event.volume, event.put_ns);
                      });
    }
}

}  // namespace liquid_bench
