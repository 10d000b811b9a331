#include "subscription_state.hpp"

#include <utility>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>

#include "engine/log.hpp"
#include "engine/post_completion.hpp"

namespace liquid_energy::core::detail {
namespace {

// Market data without a symbol is conflated as one group.
std::string symbol_of(const Event& event) {
    const auto* symbol = event.data().if_contains("symbol");
    if (symbol == nullptr || !symbol->is_string()) return {};
    return std::string(symbol->get_string());
}

// Event has no empty state, so a failed receive carries this placeholder.
Event error_event(const boost::system::error_code& error) {
    return Event(EventType::ERROR, {{"error_message", error.message()}});
}

}  // namespace

SubscriptionState::SubscriptionState(std::string name, std::size_t capacity,
                                     boost::asio::any_io_executor executor)
    : name_(std::move(name)), capacity_(capacity), executor_(std::move(executor)) {}

bool SubscriptionState::admit(const Event& event) {
    if (event.type() != EventType::MARKET_DATA) return true;
    bool overflow_began = false;
    {
        std::lock_guard lock(mutex_);
        if (closed_ || buffer_.size() < capacity_) return true;
        const auto key = symbol_of(event);
        const auto waiting = waiting_market_.find(key);
        if (waiting == waiting_market_.end()) return true;
        // In the place of the stale one, so that the symbol keeps its turn.
        buffer_[waiting->second - popped_] = event;
        overflow_began = !std::exchange(overflowing_, true);
        ++conflated_;
        ++episode_conflated_;
        ++gap_.conflated;
        gap_.symbols.insert(key);
    }
    if (overflow_began) log_overflow();
    return false;
}

void SubscriptionState::push(const Event& event) {
    std::optional<Parked> parked;
    bool overflow_began = false;
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        if (event.type() == EventType::MARKET_DATA) {
            waiting_market_[symbol_of(event)] = popped_ + buffer_.size();
        }
        buffer_.push_back(event);
        overflow_began = buffer_.size() > capacity_ && !std::exchange(overflowing_, true);
        parked = unpark();
    }
    if (overflow_began) log_overflow();
    if (parked) schedule(std::move(parked->handler));
}

void SubscriptionState::log_overflow() const {
    BOOST_LOG_SEV(core_logger(), boost::log::trivial::warning)
        << name_ << " is full (" << capacity_
        << " events): conflating market data per symbol, keeping every other event, until its "
           "consumer catches up";
}

void SubscriptionState::receive(Handler handler) {
    std::unique_lock lock(mutex_);
    if (receiving_) {
        lock.unlock();
        post_error(std::move(handler), boost::asio::error::in_progress);
        return;
    }
    receiving_ = true;
    cancel_requested_ = false;
    watch_cancellation(handler, ++receive_id_);
    if (buffer_.empty() && !closed_) {
        park(std::move(handler));
        return;
    }
    lock.unlock();
    schedule(std::move(handler));
}

std::optional<Event> SubscriptionState::try_receive() {
    std::optional<std::uint64_t> caught_up_after;
    std::optional<Event> event;
    {
        std::lock_guard lock(mutex_);
        if (receiving_ || buffer_.empty()) return std::nullopt;
        event.emplace(pop_locked(caught_up_after));
    }
    log_caught_up(caught_up_after);
    return event;
}

void SubscriptionState::close() {
    std::optional<Parked> parked;
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        closed_ = true;
        buffer_.clear();
        waiting_market_.clear();
        parked = unpark();
    }
    if (parked) schedule(std::move(parked->handler));
}

std::uint64_t SubscriptionState::conflated() const {
    std::lock_guard lock(mutex_);
    return conflated_;
}

std::size_t SubscriptionState::backlog() const {
    std::lock_guard lock(mutex_);
    return buffer_.size();
}

Subscription::Gap SubscriptionState::take_gap() {
    std::lock_guard lock(mutex_);
    return std::exchange(gap_, {});
}

void SubscriptionState::watch_cancellation(Handler& handler, std::uint64_t receive) {
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    if (!slot.is_connected()) return;
    // Weak and tagged: the slot may fire after this receive, or the whole subscription, is gone.
    slot.assign([weak = weak_from_this(), receive](boost::asio::cancellation_type type) {
        if (type == boost::asio::cancellation_type::none) return;
        if (const auto self = weak.lock()) self->cancel(receive);
    });
}

void SubscriptionState::cancel(std::uint64_t receive) {
    std::optional<Parked> parked;
    {
        std::lock_guard lock(mutex_);
        if (!receiving_ || receive != receive_id_) return;
        cancel_requested_ = true;
        parked = unpark();
    }
    if (parked) schedule(std::move(parked->handler));
}

void SubscriptionState::park(Handler handler) {
    auto work = boost::asio::prefer(boost::asio::get_associated_executor(handler, executor_),
                                    boost::asio::execution::outstanding_work.tracked);
    parked_.emplace(Parked{std::move(handler), std::move(work)});
}

std::optional<SubscriptionState::Parked> SubscriptionState::unpark() {
    return std::exchange(parked_, std::nullopt);
}

void SubscriptionState::schedule(Handler handler) {
    post_completion(executor_, std::move(handler), [self = shared_from_this()](Handler handler) {
        self->complete(std::move(handler));
    });
}

void SubscriptionState::complete(Handler handler) {
    boost::system::error_code error;
    std::optional<Event> event;
    std::optional<std::uint64_t> caught_up_after;
    {
        std::lock_guard lock(mutex_);
        receiving_ = false;
        if (cancel_requested_) {
            error = boost::asio::error::operation_aborted;
        } else if (!buffer_.empty()) {
            event.emplace(pop_locked(caught_up_after));
        } else {
            error = boost::asio::error::eof;
        }
    }
    log_caught_up(caught_up_after);
    std::move(handler)(error, event ? std::move(*event) : error_event(error));
}

void SubscriptionState::post_error(Handler handler, boost::system::error_code error) {
    post_completion(executor_, std::move(handler),
                    [error](Handler handler) { std::move(handler)(error, error_event(error)); });
}

Event SubscriptionState::pop_locked(std::optional<std::uint64_t>& caught_up_after) {
    Event event = std::move(buffer_.front());
    buffer_.pop_front();
    if (event.type() == EventType::MARKET_DATA) {
        const auto waiting = waiting_market_.find(symbol_of(event));
        if (waiting != waiting_market_.end() && waiting->second == popped_) {
            waiting_market_.erase(waiting);
        }
    }
    ++popped_;
    if (buffer_.empty() && std::exchange(overflowing_, false)) {
        caught_up_after = std::exchange(episode_conflated_, 0);
    }
    return event;
}

void SubscriptionState::log_caught_up(std::optional<std::uint64_t> conflated) const {
    if (!conflated) return;
    BOOST_LOG_SEV(core_logger(), boost::log::trivial::info)
        << name_ << " caught up after conflating " << *conflated << " events";
}

}  // namespace liquid_energy::core::detail
