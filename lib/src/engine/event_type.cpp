#include "liquid_energy/core/event_type.hpp"

#include <mutex>
#include <ostream>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>

namespace liquid_energy::core {
namespace {

/// Null for a type that is not built in.
const char* builtin_name(EventType type) noexcept {
    switch (type) {
        case EventType::MARKET_DATA:
            return "MARKET_DATA";
        case EventType::ORDER_UPDATE:
            return "ORDER_UPDATE";
        case EventType::TRADE_UPDATE:
            return "TRADE_UPDATE";
        case EventType::STRATEGY_UPDATE:
            return "STRATEGY_UPDATE";
        case EventType::ERROR:
            return "ERROR";
        case EventType::INFO:
            return "INFO";
        case EventType::SYSTEM:
            return "SYSTEM";
    }
    return nullptr;
}

struct NameRegistry {
    std::shared_mutex mutex;
    std::unordered_map<std::uint32_t, std::string> names;
};

NameRegistry& user_names() {
    static NameRegistry registry;
    return registry;
}

}  // namespace

void register_event_type_name(EventType type, std::string_view name) {
    if (is_builtin(type)) {
        throw std::invalid_argument("register_event_type_name: " + std::string(builtin_name(type)) +
                                    " is a built-in type and keeps its name");
    }
    if (name.empty()) {
        throw std::invalid_argument("register_event_type_name: the name must not be empty");
    }
    auto& registry = user_names();
    std::unique_lock lock(registry.mutex);
    registry.names.insert_or_assign(static_cast<std::uint32_t>(type), std::string(name));
}

std::string to_string(EventType type) {
    if (const char* name = builtin_name(type)) return name;
    auto& registry = user_names();
    std::shared_lock lock(registry.mutex);
    const auto value = static_cast<std::uint32_t>(type);
    if (auto found = registry.names.find(value); found != registry.names.end()) {
        return found->second;
    }
    return "EventType(" + std::to_string(value) + ")";
}

std::ostream& operator<<(std::ostream& out, EventType type) { return out << to_string(type); }

}  // namespace liquid_energy::core
