#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"

namespace liquid_energy::test {

/// An event of `type` carrying `seq` under "seq", which `field(event, "seq")` reads back.
inline core::Event numbered(core::EventType type, std::int64_t seq) {
    return core::Event(type, {{"seq", seq}});
}

/// Puts `count` events numbered from 0 into a running engine, each of which it must accept.
inline void put_numbered(core::EventEngine& engine, core::EventType type, std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) BOOST_REQUIRE(engine.put(numbered(type, i)));
}

/// A whole run: registers `listeners` in order, starts the engine, puts `count` numbered events
/// of `type` (see put_numbered) and stops it, which returns once they are all handled.
inline void run_numbered(core::EventEngine& engine,
                         std::initializer_list<std::shared_ptr<core::EventListener>> listeners,
                         core::EventType type, std::int64_t count) {
    for (const auto& listener : listeners) engine.register_listener(listener);
    engine.start();
    put_numbered(engine, type, count);
    engine.stop();
}

}  // namespace liquid_energy::test
