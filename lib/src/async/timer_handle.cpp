#include "liquid_energy/core/timer_handle.hpp"

#include <utility>

#include "timer_state.hpp"

namespace liquid_energy::core {

TimerHandle::TimerHandle(std::weak_ptr<detail::TimerState> state) noexcept
    : state_(std::move(state)) {}

void TimerHandle::cancel() const noexcept {
    if (const auto state = state_.lock()) state->cancel();
}

}  // namespace liquid_energy::core
