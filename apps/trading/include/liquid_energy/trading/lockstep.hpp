#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/system/error_code.hpp>

namespace liquid_energy::trading {

// Lockstep replays one tick at a time, so that a run is the same however the listeners are
// scheduled and whether the exchange is in-process or over TCP:
//   1. one MARKET_DATA tick is published; the strategies, risk and the exchange handle it and
//      what it causes, while the exchange holds its answers back;
//   2. once the engine is idle, a SYSTEM {"kind":"tick_done"} makes the exchange put its answers
//      in order, then its own tick_done as acknowledgement;
//   3. once the answers are handled (idle again), the next tick.
// An exchange holds answers only after a SYSTEM {"kind":"lockstep"}.

/// The SYSTEM event that switches an exchange to holding its answers until tick_done.
inline constexpr std::string_view lockstep_kind = "lockstep";
/// The SYSTEM event that closes a tick; the exchange answers it with its own, after its answers.
inline constexpr std::string_view tick_done_kind = "tick_done";

/// Permits added by one side and taken one at a time by the other: ticks a feed client asked
/// for, acknowledgements an exchange sent. All member functions are thread-safe.
class CreditGate {
  public:
    using Signature = void(boost::system::error_code);

    explicit CreditGate(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    CreditGate(const CreditGate&) = delete;
    CreditGate& operator=(const CreditGate&) = delete;

    /// Permits saturate at the largest std::uint64_t rather than wrap around.
    void add(std::uint64_t count);

    /// Completes once a permit is there, and takes it. Completion signature
    /// `void(error_code)`, posted to the handler's executor (the gate's by default), never run
    /// inside this call; boost::asio::error::eof once closed; one take at a time.
    template <boost::asio::completion_token_for<Signature> CompletionToken =
                  boost::asio::deferred_t>
    auto async_take(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            [this](auto handler) { async_take_impl(std::move(handler)); }, token);
    }

    /// Completes a waiting take, and every later one, with eof.
    void close();

  private:
    using Handler = boost::asio::any_completion_handler<Signature>;

    void async_take_impl(Handler handler);
    void complete(Handler handler, boost::system::error_code error);

    boost::asio::any_io_executor executor_;
    std::mutex mutex_;
    std::uint64_t credits_ = 0;
    bool closed_ = false;
    std::optional<Handler> waiting_;
};

}  // namespace liquid_energy::trading
