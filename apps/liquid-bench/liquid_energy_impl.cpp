// The engine under test, used as an application would: EventListener subclasses, an EventEngine
// that owns its threads, and events whose payload is either a described struct read with
// `get<T>()` (liquid_energy.typed) or a JSON object built from fields and read by key
// (liquid_energy.json).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include <boost/describe/class.hpp>

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

struct Quote {
    std::string symbol;
    double price = 0;
    double volume = 0;
    std::int64_t seq = 0;
    std::int64_t put_ns = 0;
};
BOOST_DESCRIBE_STRUCT(Quote, (), (symbol, price, volume, seq, put_ns))

struct TypedPayload {
    static Event make(std::int64_t seq, std::int64_t put_ns, bool) {
        return Event(EventType::MARKET_DATA,
                     Quote{std::string(symbol), price_of(seq), volume_of(seq), seq, put_ns});
    }
    static void record(const Event& event, Board& board, Tally& tally) {
        const Quote& quote = event.get<Quote>();
        board.record(tally, quote.seq, quote.price, quote.volume, quote.put_ns);
    }
};

struct JsonPayload {
    static Event make(std::int64_t seq, std::int64_t put_ns, bool with_put_ns) {
        if (with_put_ns) {
            return Event(EventType::MARKET_DATA, {{"symbol", symbol},
                                                  {"price", price_of(seq)},
                                                  {"volume", volume_of(seq)},
                                                  {"seq", seq},
                                                  {"put_ns", put_ns}});
        }
        return Event(EventType::MARKET_DATA, {{"symbol", symbol},
                                              {"price", price_of(seq)},
                                              {"volume", volume_of(seq)},
                                              {"seq", seq}});
    }
    static void record(const Event& event, Board& board, Tally& tally) {
        const auto& data = event.data();
        const auto* put_ns = data.if_contains("put_ns");
        board.record(tally, data.at("seq").as_int64(), data.at("price").as_double(),
                     data.at("volume").as_double(), put_ns != nullptr ? put_ns->as_int64() : 0);
    }
};

template <typename Payload>
class BenchListener : public EventListener {
  public:
    BenchListener(std::size_t index, Board& board)
        : EventListener("bench-" + std::to_string(index), {EventType::MARKET_DATA}),
          board_(board),
          tally_(board.tally(index)) {}

    void handle_event(const Event& event) override { Payload::record(event, board_, tally_); }

  private:
    Board& board_;
    Tally& tally_;
};

template <typename Payload>
class LiquidEnergy {
  public:
    LiquidEnergy(const Scenario& scenario, Board& board)
        : LiquidEnergy(scenario, board, engine_options(scenario)) {}

    void start() { engine_.start(); }
    void stop() { engine_.stop(); }

    bool put(std::int64_t seq, std::int64_t put_ns) {
        return engine_.put(Payload::make(seq, put_ns, with_put_ns_));
    }

  protected:
    LiquidEnergy(const Scenario& scenario, Board& board, EngineOptions options)
        : engine_(std::move(options)), with_put_ns_(board.records_latency()) {
        for (std::size_t i = 0; i < scenario.listeners; ++i) {
            engine_.register_listener(std::make_shared<BenchListener<Payload>>(i, board));
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
class WithSlowListener : public LiquidEnergy<TypedPayload> {
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

W1Result run_w1_typed(const Scenario& scenario) {
    return liquid_bench::run_w1<LiquidEnergy<TypedPayload>>(scenario);
}

W2Result run_w2_typed(const Scenario& scenario) {
    return liquid_bench::run_w2<LiquidEnergy<TypedPayload>>(scenario);
}

W1Result run_w1_json(const Scenario& scenario) {
    return liquid_bench::run_w1<LiquidEnergy<JsonPayload>>(scenario);
}

W2Result run_w2_json(const Scenario& scenario) {
    return liquid_bench::run_w2<LiquidEnergy<JsonPayload>>(scenario);
}

W2Result run_w2_with_slow_listener(const Scenario& scenario) {
    return liquid_bench::run_w2<WithSlowListener>(scenario);
}

}  // namespace liquid_bench::liquid_energy_impl
