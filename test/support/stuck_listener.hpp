#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "gate.hpp"
#include "liquid_energy/core.hpp"
#include "numbered_events.hpp"
#include "recording_listener.hpp"

namespace liquid_energy::test {

/// A listener whose first event blocks until the test opens the gate, so that what follows waits.
inline std::shared_ptr<RecordingListener> held_listener(const std::string& name,
                                                        std::vector<core::EventType> types,
                                                        Gate& gate) {
    return std::make_shared<RecordingListener>(name, std::move(types),
                                               [&gate](const core::Event&) { gate.pass(); });
}

inline core::Event order(int seq) { return numbered(core::EventType::ORDER_UPDATE, seq); }

inline core::EngineOptions with_policy(core::EventType type, core::BacklogPolicy policy) {
    core::EngineOptions options{.threads = 2};
    options.policies[type] = std::move(policy);
    return options;
}

/// A running engine whose "risk" listener, with a backlog limit, is stuck at the gate handling
/// order 0, under the given policy for orders.
struct StuckRisk {
    StuckRisk(core::BacklogPolicy policy, std::size_t limit)
        : engine(with_policy(core::EventType::ORDER_UPDATE, std::move(policy))),
          risk(held_listener("risk", {core::EventType::ORDER_UPDATE}, gate)) {
        engine.register_listener(risk, core::ListenerOptions{.max_backlog = limit});
        engine.start();
        BOOST_REQUIRE(engine.put(order(0)));
        BOOST_REQUIRE(gate.wait_for_arrival());
    }

    core::EventEngine engine;
    Gate gate;
    std::shared_ptr<RecordingListener> risk;
};

}  // namespace liquid_energy::test
