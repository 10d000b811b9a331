// The engine under test, used as an application would: events with a JSON-object payload built
// from fields, EventListener subclasses, an EventEngine that owns its threads.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "drive.hpp"
#include "implementations.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"

namespace liquid_bench::liquid_energy_impl {
namespace {

using liquid_energy::core::EngineOptions;
using liquid_energy::core::Event;
using liquid_energy::core::EventEngine;
using liquid_energy::core::EventListener;
using liquid_energy::core::EventType;
using liquid_energy::core::ListenerOptions;
using liquid_energy::core::OverflowPolicy;

/// The scenario's thread count and dispatcher spin, the rest the engine's defaults.
EngineOptions engine_options(const Scenario& scenario) {
    EngineOptions options{.threads = scenario.threads};
    if (scenario.dispatcher_spin) options.dispatcher_spin = *scenario.dispatcher_spin;
    return options;
}

class BenchListener : public EventListener {
  public:
    BenchListener(std::size_t index, Board& board)
        : EventListener("bench-" + std::to_string(index), {EventType::MARKET_DATA}),
          board_(board),
          tally_(board.tally(index)) {}

    void handle_event(const Event& event) override {
        const auto& data = event.data();
        const auto* put_ns = data.if_contains("put_ns");
        board_.record(tally_, data.at("seq").as_int64(), data.at("price").as_double(),
                      data.at("volume").as_double(), put_ns != nullptr ? put_ns->as_int64() : 0);
    }

  private:
    Board& board_;
    Tally& tally_;
};

class LiquidEnergy {
  public:
    LiquidEnergy(const Scenario& scenario, Board& board)
        : LiquidEnergy(scenario, board, engine_options(scenario)) {}

    void start() { engine_.start(); }
    void stop() { engine_.stop(); }

    bool put(std::int64_t seq, std::int64_t put_ns) {
        if (with_put_ns_) {
            return engine_.put(Event(EventType::MARKET_DATA, {{"symbol", symbol},
                                                              {"price", price_of(seq)},
                                                              {"volume", volume_of(seq)},
                                                              {"seq", seq},
                                                              {"put_ns", put_ns}}));
        }
        return engine_.put(Event(EventType::MARKET_DATA, {{"symbol", symbol},
                                                          {"price", price_of(seq)},
                                                          {"volume", volume_of(seq)},
                                                          {"seq", seq}}));
    }

  protected:
    LiquidEnergy(const Scenario& scenario, Board& board, EngineOptions options)
        : engine_(std::move(options)), with_put_ns_(board.records_latency()) {
        for (std::size_t i = 0; i < scenario.listeners; ++i) {
            engine_.register_listener(std::make_shared<BenchListener>(i, board));
        }
    }

    EventEngine engine_;

  private:
    bool with_put_ns_;
};

/// A listener that takes 10 ms per event, like a synchronous disk or GUI write.
class SlowListener : public EventListener {
  public:
    SlowListener() : EventListener("slow", {EventType::MARKET_DATA}) {}
    void handle_event(const Event&) override { std::this_thread::sleep_for(slow_handling); }

    static constexpr std::chrono::milliseconds slow_handling{10};
};

/// The engine with the slow listener beside the workload's: market data conflated per symbol,
/// so that the slow listener's backlog stays bounded and the others are not held up.
class WithSlowListener : public LiquidEnergy {
  public:
    WithSlowListener(const Scenario& scenario, Board& board)
        : LiquidEnergy(scenario, board, conflating(scenario)) {
        engine_.register_listener(std::make_shared<SlowListener>(),
                                  ListenerOptions{.max_backlog = 64});
    }

  private:
    static EngineOptions conflating(const Scenario& scenario) {
        EngineOptions options = engine_options(scenario);
        options.policies[EventType::MARKET_DATA] = {.overflow = OverflowPolicy::conflate};
        return options;
    }
};

}  // namespace

W1Result run_w1(const Scenario& scenario) { return liquid_bench::run_w1<LiquidEnergy>(scenario); }

W2Result run_w2(const Scenario& scenario) { return liquid_bench::run_w2<LiquidEnergy>(scenario); }

W2Result run_w2_with_slow_listener(const Scenario& scenario) {
    return liquid_bench::run_w2<WithSlowListener>(scenario);
}

}  // namespace liquid_bench::liquid_energy_impl
