#include <liquid_energy/core.hpp>

#include <atomic>
#include <iostream>

using namespace liquid_energy::core;

namespace {

class PriceMonitor : public EventListener {
  public:
    explicit PriceMonitor(std::string name)
        : EventListener(std::move(name), {EventType::MARKET_DATA}) {}
    void handle_event(const Event& event) override {
        last_price = event.data().at("price").as_double();
    }
    std::atomic<double> last_price{0};
};

}  // namespace

int main() {
    EventEngine engine;
    auto monitor = std::make_shared<PriceMonitor>("pm");
    engine.register_listener(monitor);
    engine.start();
    engine.put(Event(EventType::MARKET_DATA, {{"symbol", "ETH-USD"}, {"price", 3500.25}},
                     "exchange_connector"));
    engine.stop();
    std::cout << "last price " << monitor->last_price << '\n';
    return monitor->last_price == 3500.25 ? 0 : 1;
}
