// The engine under test, used as an application would: events with a JSON-object payload,
// EventListener subclasses, an EventEngine that owns its threads.
#include <cstdint>
#include <memory>
#include <string>

#include <boost/json/object.hpp>

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

class BenchListener : public EventListener {
  public:
    BenchListener(std::size_t index, Board& board, bool record_latency)
        : EventListener("bench-" + std::to_string(index), {EventType::MARKET_DATA}),
          board_(board),
          tally_(board.tally(index)),
          record_latency_(record_latency) {}

    void handle_event(const Event& event) override {
        const auto& data = event.data();
        const std::int64_t seq = data.at("seq").as_int64();
        const double price = data.at("price").as_double();
        const double volume = data.at("volume").as_double();
        if (record_latency_) {
            board_.observe_latency(tally_, seq, price, volume, data.at("put_ns").as_int64());
        } else {
            board_.observe(tally_, seq, price, volume);
        }
    }

  private:
    Board& board_;
    Tally& tally_;
    bool record_latency_;
};

void register_listeners(EventEngine& engine, Board& board, const Scenario& scenario,
                        bool record_latency) {
    for (std::size_t i = 0; i < scenario.listeners; ++i) {
        engine.register_listener(std::make_shared<BenchListener>(i, board, record_latency));
    }
}

}  // namespace

W1Result run_w1(const Scenario& scenario) {
    Board board(scenario, /*record_latency=*/false);
    EventEngine engine(EngineOptions{.threads = scenario.threads});
    register_listeners(engine, board, scenario, false);
    engine.start();

    bool all_put = true;
    const auto count = static_cast<std::int64_t>(scenario.events);
    board.begin();
    for (std::int64_t seq = 0; seq < count; ++seq) {
        all_put &= engine.put(Event(EventType::MARKET_DATA, {
                                                                {"symbol", symbol},
                                                                {"price", price_of(seq)},
                                                                {"volume", volume_of(seq)},
                                                                {"seq", seq},
                                                            }));
        note_progress(scenario, seq);
    }
    board.wait();

    engine.stop();
    return board.w1_result(all_put);
}

W2Result run_w2(const Scenario& scenario) {
    Board board(scenario, /*record_latency=*/true);
    EventEngine engine(EngineOptions{.threads = scenario.threads});
    register_listeners(engine, board, scenario, true);
    engine.start();

    bool all_put = true;
    board.begin();
    const double achieved =
        put_paced(scenario, all_put, [&](std::int64_t seq, std::int64_t put_ns) {
            return engine.put(Event(EventType::MARKET_DATA, {
                                                                {"symbol", symbol},
                                                                {"price", price_of(seq)},
                                                                {"volume", volume_of(seq)},
                                                                {"seq", seq},
                                                                {"put_ns", put_ns},
                                                            }));
        });
    board.wait();

    engine.stop();
    return board.w2_result(all_put, achieved);
}

}  // namespace liquid_bench::liquid_energy_impl
