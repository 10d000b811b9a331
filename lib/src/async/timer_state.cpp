#include "timer_state.hpp"

#include <utility>

#include "engine/log.hpp"
#include "liquid_energy/core/detail/next_expiry.hpp"

namespace liquid_energy::core::detail {

TimerState::TimerState(EventEngine& engine, std::chrono::steady_clock::duration interval,
                       EventType type, boost::json::object data, std::optional<std::string> source)
    : engine_(engine),
      interval_(interval),
      type_(type),
      data_(std::move(data)),
      source_(std::move(source)),
      timer_(engine.get_executor()) {}

void TimerState::start() {
    std::lock_guard lock(mutex_);
    timer_.expires_after(interval_);
    arm();
}

void TimerState::cancel() noexcept {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    timer_.cancel();
}

void TimerState::arm() {
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
        self->on_expiry(error);
    });
}

void TimerState::on_expiry(const boost::system::error_code& error) {
    std::lock_guard lock(mutex_);
    if (cancelled_ || error) return;
    if (!engine_.put(make_tick(ticks_ + 1))) {
        BOOST_LOG_SEV(core_logger(), boost::log::trivial::info)
            << "a " << to_string(type_) << " timer stops after " << ticks_
            << " ticks: the engine refuses events";
        return;
    }
    ++ticks_;
    timer_.expires_at(next_expiry(timer_.expiry(), std::chrono::steady_clock::now(), interval_));
    arm();
}

Event TimerState::make_tick(std::uint64_t tick) const {
    auto data = data_;
    data["tick"] = tick;
    return Event(type_, std::move(data), source_);
}

}  // namespace liquid_energy::core::detail
