#include <liquid_energy/nats/bridge.hpp>
#include <liquid_energy/nats/subject.hpp>

#include <iostream>

using namespace liquid_energy;

int main() {
    const core::Event event(core::EventType::MARKET_DATA, {{"price", 1.5}}, "feed.1");
    std::cout << nats::subject_for("liquid", event) << '\n';
    core::EventEngine engine(core::EngineOptions{.threads = 1});
    nats::BridgeOptions options;
    options.servers = {"nats://127.0.0.1:1"};
    const nats::Bridge bridge(engine, options);
    return bridge.stats().published == 0 ? 0 : 1;
}
