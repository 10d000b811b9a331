#pragma once

#include <concepts>
#include <cstdint>

#include "workload.hpp"

namespace liquid_bench {

/// A system under test as the workload drives it. Made for a scenario, it subscribes its
/// listeners to the board (each calls `Board::record`); `put(seq, put_ns)` builds event `seq`,
/// payload included, and puts it, returning whether it was accepted.
template <typename System>
concept BenchSystem = std::constructible_from<System, const Scenario&, Board&> &&
    requires(System system, std::int64_t value) {
    { system.put(value, value) } -> std::convertible_to<bool>;
    system.start();
    system.stop();
};

/// W1: puts every event as fast as the system takes them, started before and stopped after the
/// timed section.
template <BenchSystem System>
W1Result run_w1(const Scenario& scenario) {
    Board board(scenario, /*record_latency=*/false);
    System system(scenario, board);
    system.start();
    bool all_put = true;
    const auto count = static_cast<std::int64_t>(scenario.events);
    board.begin();
    for (std::int64_t seq = 0; seq < count; ++seq) {
        all_put &= system.put(seq, 0);
        note_progress(scenario, seq);
    }
    board.wait();
    system.stop();
    return board.w1_result(all_put);
}

/// W2: puts every event at the scenario's rate, each stamped at its put.
template <BenchSystem System>
W2Result run_w2(const Scenario& scenario) {
    Board board(scenario, /*record_latency=*/true);
    System system(scenario, board);
    system.start();
    bool all_put = true;
    board.begin();
    const double achieved =
        put_paced(scenario, all_put,
                  [&](std::int64_t seq, std::int64_t put_ns) { return system.put(seq, put_ns); });
    board.wait();
    system.stop();
    return board.w2_result(all_put, achieved);
}

}  // namespace liquid_bench
