#include "liquid_energy/trading/lockstep.hpp"

#include <limits>

#include <boost/asio/append.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

namespace liquid_energy::trading {
namespace {

constexpr std::uint64_t max_credits = std::numeric_limits<std::uint64_t>::max();

}  // namespace

void CreditGate::add(std::uint64_t count) {
    std::optional<Handler> ready;
    {
        std::lock_guard lock(mutex_);
        // Saturates: a peer granting more than it could ever use must not wrap to nothing.
        credits_ = count > max_credits - credits_ ? max_credits : credits_ + count;
        if (credits_ == 0 || !waiting_) return;
        --credits_;
        ready = std::exchange(waiting_, std::nullopt);
    }
    complete(std::move(*ready), {});
}

void CreditGate::close() {
    std::optional<Handler> waiting;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        waiting = std::exchange(waiting_, std::nullopt);
    }
    if (waiting) complete(std::move(*waiting), boost::asio::error::eof);
}

void CreditGate::async_take_impl(Handler handler) {
    boost::system::error_code error;
    {
        std::lock_guard lock(mutex_);
        if (closed_) {
            error = boost::asio::error::eof;
        } else if (waiting_) {
            error = boost::asio::error::in_progress;
        } else if (credits_ == 0) {
            waiting_ = std::move(handler);
            return;
        } else {
            --credits_;
        }
    }
    complete(std::move(handler), error);
}

void CreditGate::complete(Handler handler, boost::system::error_code error) {
    // append keeps the handler's associated executor, where post then runs it.
    boost::asio::post(executor_, boost::asio::append(std::move(handler), error));
}

}  // namespace liquid_energy::trading
