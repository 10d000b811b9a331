#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::core {

namespace detail {
class SubscriptionState;
}

/// The events of some types, as an Asio asynchronous stream: a coroutine, a callback chain or a
/// future pulls them one at a time with `async_receive`.
///
/// From construction on, the events of `event_types` that pass `filter` are buffered. When a slow
/// consumer lets `capacity` of them wait, the engine's overflow policies apply per type:
/// - MARKET_DATA is conflated per symbol (its "symbol" string; market data without one is one
///   group): a tick whose symbol already has one waiting takes that one's place. It is counted in
///   `conflated()` and in the gap that `take_gap()` reports; the engine counts it as filtered, not
///   as handled. A tick of a symbol with none waiting is buffered, so the buffer holds at most one
///   tick per symbol beyond `capacity`.
/// - every other type is lossless: it is always buffered, so `backlog()` can exceed `capacity`.
///   The consumer is expected to hold its producers back meanwhile (JsonLineWriter does).
/// The library logs a warning when the buffer first passes `capacity` and an info line, with the
/// number conflated, once the consumer has caught up (emptied the buffer).
///
/// Completions are posted through the engine's executor, then run on the completion handler's
/// associated executor, never inside the call that started the operation. Like any Asio object's,
/// they need that executor to run: close a subscription before stopping an engine that owns its
/// threads if a consumer elsewhere may be waiting on it.
///
/// All member functions are thread-safe. The engine must outlive the subscription.
class Subscription {
  public:
    using executor_type = boost::asio::any_io_executor;
    using Filter = std::function<bool(const Event&)>;
    using Signature = void(boost::system::error_code, Event);

    static constexpr std::size_t default_capacity = 1024;

    /// Registers a listener named "subscription#N" with `engine`. An empty `filter` accepts every
    /// event; it runs on the listener's strand. Throws std::invalid_argument when `capacity` is 0.
    Subscription(EventEngine& engine, std::vector<EventType> event_types, Filter filter = {},
                 std::size_t capacity = default_capacity);

    /// Closes the subscription and unregisters its listener.
    ~Subscription();

    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    /// Completes with the oldest buffered event, waiting for one if needed. Completion signature
    /// `void(boost::system::error_code, Event)`; on error the Event is an ERROR event carrying only
    /// `error_message`. Errors:
    /// - boost::asio::error::operation_aborted: cancelled through the handler's cancellation slot
    ///   (any cancellation type). A cancelled receive consumes no event.
    /// - boost::asio::error::eof: the subscription is closed.
    /// - boost::asio::error::in_progress: another receive is still pending; one at a time.
    template <
        boost::asio::completion_token_for<Signature> CompletionToken = boost::asio::deferred_t>
    auto async_receive(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            [this](auto handler) { async_receive_impl(std::move(handler)); }, token);
    }

    /// Takes the oldest buffered event without waiting; nothing while a receive is pending (that
    /// receive gets the next event) or once closed.
    std::optional<Event> try_receive();

    /// Discards the buffered events, completes a pending receive with boost::asio::error::eof and
    /// makes every later receive complete so. Idempotent.
    void close();

    /// Market data conflated since construction.
    std::uint64_t conflated() const;

    /// Events waiting to be received now.
    std::size_t backlog() const;

    /// The market data conflated since the last call: how many ticks, and of which symbols.
    struct Gap {
        std::uint64_t conflated = 0;
        std::set<std::string> symbols;
    };
    Gap take_gap();

    /// The registered listener's name, "subscription#N", unique in the process.
    const std::string& name() const noexcept { return listener_->name(); }

    /// The engine's executor, through which completions are posted.
    executor_type get_executor() const noexcept;

  private:
    void async_receive_impl(boost::asio::any_completion_handler<Signature> handler);

    EventEngine& engine_;
    std::shared_ptr<detail::SubscriptionState> state_;
    std::shared_ptr<EventListener> listener_;
};

}  // namespace liquid_energy::core
