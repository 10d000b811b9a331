#pragma once

#include <span>
#include <string_view>

#include "workload.hpp"

namespace liquid_bench {

/// One system the bench measures. Each run builds a fresh instance, starts it before timing
/// and stops it after.
struct Implementation {
    std::string_view name;
    /// Whether `Scenario::threads` means anything to it (naive_cpp always has one thread).
    bool has_threads;
    /// Null for a variant measured in W2 only.
    W1Result (*run_w1)(const Scenario&);
    W2Result (*run_w2)(const Scenario&);
};

/// The engine's variants first (liquid_energy.typed, the reference for --rss-run and
/// --isolation, then liquid_energy.json), then the baselines.
std::span<const Implementation> implementations();

/// For --isolation, W2 only: liquid_energy with a second listener that takes 10 ms per event.
const Implementation& with_slow_listener();

namespace liquid_energy_impl {
W1Result run_w1_typed(const Scenario& scenario);
W2Result run_w2_typed(const Scenario& scenario);
W1Result run_w1_json(const Scenario& scenario);
W2Result run_w2_json(const Scenario& scenario);
W2Result run_w2_with_slow_listener(const Scenario& scenario);
}  // namespace liquid_energy_impl

/// For --nats: liquid_energy from one engine through a NATS JetStream broker to another.
const Implementation& over_nats();

namespace nats_impl {
W1Result run_w1(const Scenario& scenario);
W2Result run_w2(const Scenario& scenario);
}  // namespace nats_impl

/// One dispatch thread, std::mutex + std::condition_variable + std::deque, std::function
/// listeners: what a first hand-written event bus looks like.
namespace naive_cpp {
W1Result run_w1(const Scenario& scenario);
W2Result run_w2(const Scenario& scenario);
}  // namespace naive_cpp

/// Boost.Asio with nothing on top: an io_context run by `threads` threads, a strand per
/// listener, one post per listener per event carrying a shared_ptr to the event.
namespace asio_plain {
W1Result run_w1(const Scenario& scenario);
W2Result run_w2(const Scenario& scenario);
}  // namespace asio_plain

}  // namespace liquid_bench
