#pragma once

#include <array>
#include <map>

#include "liquid_energy/core/backlog_policy.hpp"
#include "liquid_energy/core/engine_options.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "mailbox.hpp"

namespace liquid_energy::core::detail {

/// How the engine treats each event type: its overflow policy and its lane. Fixed when the engine
/// is made; looked up on every put, in an array for the built-in types.
class TypePolicies {
  public:
    struct Treatment {
        BacklogPolicy policy;
        Lane lane = Lane::normal;
    };

    /// Throws std::invalid_argument for conflation of a type other than MARKET_DATA, an empty
    /// conflation key or a zero limit.
    explicit TypePolicies(const EngineOptions& options);

    const Treatment& of(EventType type) const noexcept;

  private:
    Treatment treatment(const EngineOptions& options, EventType type) const;

    Treatment default_;
    std::array<Treatment, builtin_event_type_end> builtin_;
    std::map<EventType, Treatment> user_;
};

}  // namespace liquid_energy::core::detail
