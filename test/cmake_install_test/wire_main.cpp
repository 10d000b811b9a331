#include <liquid_energy/wire.hpp>

#include <iostream>

using namespace liquid_energy;

// A line encoded and decoded by the installed wire gives back the event's type and payload.
int main() {
    const core::Event event(core::EventType::ORDER_UPDATE, {{"order_id", "o-1"}}, "oms");
    const std::string line = wire::encode_json_line(event);
    std::cout << line;
    const auto decoded = wire::decode_json_line(line);
    if (!decoded.event) return 1;
    return decoded.event->type() == event.type() && decoded.event->data() == event.data() ? 0 : 1;
}
