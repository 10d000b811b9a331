#include "type_policies.hpp"

#include <algorithm>
#include <stdexcept>

namespace liquid_energy::core::detail {
namespace {

void check(EventType type, const BacklogPolicy& policy) {
    if (policy.overflow != OverflowPolicy::conflate) return;
    if (type != EventType::MARKET_DATA) {
        throw std::invalid_argument("EngineOptions: conflation is for MARKET_DATA only, not " +
                                    to_string(type));
    }
    if (policy.conflation_key.empty()) {
        throw std::invalid_argument("EngineOptions: the conflation key of MARKET_DATA is empty");
    }
}

bool is_urgent(const EngineOptions& options, EventType type) {
    return std::find(options.urgent_types.begin(), options.urgent_types.end(), type) !=
           options.urgent_types.end();
}

}  // namespace

TypePolicies::TypePolicies(const EngineOptions& options) {
    if (options.max_backlog == 0 || options.listener_backlog == 0) {
        throw std::invalid_argument("EngineOptions: backlog limits must be positive");
    }
    if (options.default_policy.overflow == OverflowPolicy::conflate) {
        throw std::invalid_argument("EngineOptions: conflation is for MARKET_DATA only");
    }
    for (const auto& [type, policy] : options.policies) check(type, policy);
    default_ = Treatment{options.default_policy, Lane::normal};
    for (std::size_t value = 0; value < builtin_event_type_end; ++value) {
        builtin_[value] = treatment(options, EventType(value));
    }
    for (const auto& [type, policy] : options.policies) {
        if (static_cast<std::size_t>(type) >= builtin_event_type_end)
            user_[type] = treatment(options, type);
    }
    for (const EventType type : options.urgent_types) {
        if (static_cast<std::size_t>(type) >= builtin_event_type_end)
            user_[type] = treatment(options, type);
    }
}

TypePolicies::Treatment TypePolicies::treatment(const EngineOptions& options,
                                                EventType type) const {
    const auto named = options.policies.find(type);
    return Treatment{named != options.policies.end() ? named->second : options.default_policy,
                     is_urgent(options, type) ? Lane::urgent : Lane::normal};
}

const TypePolicies::Treatment& TypePolicies::of(EventType type) const noexcept {
    const auto value = static_cast<std::size_t>(type);
    if (value < builtin_event_type_end) return builtin_[value];
    const auto found = user_.find(type);
    return found != user_.end() ? found->second : default_;
}

}  // namespace liquid_energy::core::detail
