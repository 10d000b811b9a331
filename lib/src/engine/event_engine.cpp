#include "liquid_energy/core/event_engine.hpp"

#include <stdexcept>
#include <utility>

#include "async_put.hpp"
#include "engine_core.hpp"
#include "liquid_energy/core/event_timer.hpp"

namespace liquid_energy::core {

EventEngine::EventEngine() : EventEngine(EngineOptions{}) {}

EventEngine::EventEngine(executor_type executor)
    : EventEngine(std::move(executor), EngineOptions{}) {}

EventEngine::EventEngine(EngineOptions options)
    : core_(detail::EngineCore::create(std::move(options))) {}

EventEngine::EventEngine(executor_type executor, EngineOptions options)
    : core_(detail::EngineCore::create(std::move(executor), std::move(options))) {}

EventEngine::~EventEngine() {
    core_->replace_heartbeat({});
    core_->release();
}

void EventEngine::register_listener(std::shared_ptr<EventListener> listener,
                                    ListenerOptions options) {
    core_->register_listener(std::move(listener), options);
}

bool EventEngine::unregister_listener(const std::shared_ptr<EventListener>& listener) {
    return core_->unregister_listener(listener);
}

std::vector<std::shared_ptr<EventListener>> EventEngine::get_listeners() const {
    return core_->listeners();
}

std::vector<ListenerStats> EventEngine::listener_stats() const { return core_->listener_stats(); }

PutStatus EventEngine::put_with_status(Event event) { return core_->put(std::move(event)); }

void EventEngine::async_put_impl(Event event,
                                 boost::asio::any_completion_handler<void(PutStatus)> handler) {
    detail::EventRecord* record = detail::EventAccess::take(std::move(event));
    if (record == nullptr)
        throw std::invalid_argument("EventEngine::async_put: the event was moved from");
    detail::AsyncPut::start(core_, record, std::move(handler));
}

TimerHandle EventEngine::add_timer(std::chrono::steady_clock::duration interval, EventType type,
                                   boost::json::object data) {
    return EventTimer::schedule(*this, interval, type, std::move(data));
}

void EventEngine::start() {
    core_->start();
    start_heartbeat();
}

void EventEngine::start_heartbeat() {
    const auto interval = core_->options().heartbeat_interval;
    if (interval <= std::chrono::steady_clock::duration::zero()) return;
    core_->replace_heartbeat(EventTimer::schedule(*this, interval, EventType::SYSTEM,
                                                  {{"heartbeat", true}}, "liquid_energy.engine"));
}

void EventEngine::stop() {
    core_->replace_heartbeat({});
    core_->stop();
}

void EventEngine::async_stop_impl(boost::asio::any_completion_handler<void()> handler) {
    core_->replace_heartbeat({});
    core_->async_stop(std::move(handler));
}

void EventEngine::async_wait_idle_impl(boost::asio::any_completion_handler<void()> handler) {
    core_->async_wait_idle(std::move(handler));
}

bool EventEngine::is_running() const noexcept { return core_->is_running(); }

EngineStats EventEngine::stats() const noexcept { return core_->stats(); }

EventEngine::executor_type EventEngine::get_executor() const noexcept { return core_->executor(); }

}  // namespace liquid_energy::core
