#include "liquid_energy/core/event_engine.hpp"

#include <utility>

#include "engine_core.hpp"

namespace liquid_energy::core {

EventEngine::EventEngine(EngineOptions options)
    : core_(std::make_shared<detail::EngineCore>(options)) {}

EventEngine::EventEngine(executor_type executor, EngineOptions options)
    : core_(std::make_shared<detail::EngineCore>(std::move(executor), options)) {}

EventEngine::~EventEngine() { core_->release(); }

void EventEngine::register_listener(std::shared_ptr<EventListener> listener) {
    core_->register_listener(std::move(listener));
}

bool EventEngine::unregister_listener(const std::shared_ptr<EventListener>& listener) {
    return core_->unregister_listener(listener);
}

std::vector<std::shared_ptr<EventListener>> EventEngine::get_listeners() const {
    return core_->listeners();
}

bool EventEngine::put(Event event) { return core_->put(std::move(event)); }

void EventEngine::start() { core_->start(); }

void EventEngine::stop() { core_->stop(); }

bool EventEngine::is_running() const noexcept { return core_->is_running(); }

EngineStats EventEngine::stats() const noexcept { return core_->stats(); }

EventEngine::executor_type EventEngine::get_executor() const noexcept { return core_->executor(); }

}  // namespace liquid_energy::core
