#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::core::detail {

/// A running EventTimer. Its pending wait owns it, so it lives exactly as long as the timer ticks;
/// handles refer to it weakly.
class TimerState : public std::enable_shared_from_this<TimerState> {
  public:
    TimerState(EventEngine& engine, std::chrono::steady_clock::duration interval, EventType type,
               boost::json::object data, std::optional<std::string> source);

    /// Arms the first tick, one interval from now.
    void start();

    /// See TimerHandle::cancel.
    void cancel() noexcept;

  private:
    void arm();
    void on_expiry(const boost::system::error_code& error);
    Event make_tick(std::uint64_t tick) const;

    EventEngine& engine_;
    const std::chrono::steady_clock::duration interval_;
    const EventType type_;
    const boost::json::object data_;
    const std::optional<std::string> source_;

    // Serialises every use of timer_ and makes cancel() wait for a tick being published.
    std::mutex mutex_;
    boost::asio::steady_timer timer_;
    bool cancelled_ = false;
    std::uint64_t ticks_ = 0;
};

}  // namespace liquid_energy::core::detail
