#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/subscription.hpp"

namespace liquid_energy::core::detail {

/// The buffer of a Subscription and its one receive in progress. Shared with the completions it
/// posts and with cancellation handlers (weakly), which may outlive the Subscription.
///
/// A receive is in progress from `receive()` until its handler runs. It waits parked until an
/// event, `close()` or a cancellation schedules its completion; the completion decides what the
/// handler gets only when it runs on the handler's executor, so a cancellation that arrives before
/// then still wins and the event stays buffered.
class SubscriptionState : public std::enable_shared_from_this<SubscriptionState> {
  public:
    using Handler = boost::asio::any_completion_handler<Subscription::Signature>;

    SubscriptionState(std::string name, std::size_t capacity,
                      boost::asio::any_io_executor executor);

    /// Called on the listener's strand, right before `push`. Returns false when the event was
    /// conflated into the waiting market data of its symbol, so it need not be pushed.
    bool admit(const Event& event);
    /// Called on the listener's strand.
    void push(const Event& event);
    void receive(Handler handler);
    std::optional<Event> try_receive();
    void close();
    std::uint64_t conflated() const;
    std::size_t backlog() const;
    Subscription::Gap take_gap();

  private:
    /// A waiting handler and the work it keeps alive on its executor.
    struct Parked {
        Handler handler;
        boost::asio::any_completion_executor work;
    };

    void watch_cancellation(Handler& handler, std::uint64_t receive);
    void cancel(std::uint64_t receive);
    void park(Handler handler);
    std::optional<Parked> unpark();
    void schedule(Handler handler);
    void complete(Handler handler);
    void post_error(Handler handler, boost::system::error_code error);
    Event pop_locked(std::optional<std::uint64_t>& caught_up_after);
    void log_overflow() const;
    void log_caught_up(std::optional<std::uint64_t> conflated) const;

    const std::string name_;
    const std::size_t capacity_;
    const boost::asio::any_io_executor executor_;

    mutable std::mutex mutex_;
    std::deque<Event> buffer_;
    // Events taken from the buffer since construction: the position of buffer_.front() counted
    // from the first event ever buffered.
    std::uint64_t popped_ = 0;
    // The position of the newest waiting MARKET_DATA event of each symbol.
    std::unordered_map<std::string, std::uint64_t> waiting_market_;
    bool closed_ = false;
    bool receiving_ = false;
    std::uint64_t receive_id_ = 0;
    bool cancel_requested_ = false;
    std::optional<Parked> parked_;
    std::uint64_t conflated_ = 0;
    Subscription::Gap gap_;
    // Whether the buffer has been over its capacity since the consumer last emptied it.
    bool overflowing_ = false;
    // Conflated since the buffer last overflowed, for the caught-up log line.
    std::uint64_t episode_conflated_ = 0;
};

}  // namespace liquid_energy::core::detail
