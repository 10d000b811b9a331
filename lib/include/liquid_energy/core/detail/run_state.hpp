#pragma once

#include <atomic>
#include <utility>

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/cancellation_state.hpp>
#include <boost/system/error_code.hpp>

namespace liquid_energy::core::detail {

/// The `async_run` of an I/O component, one at a time: its handler, the work that keeps the
/// handler's executor alive meanwhile, and its cancellation state. Completions are posted through
/// the component's I/O executor, so never inside the call that started the run.
class RunState {
  public:
    using Signature = void(boost::system::error_code);
    using Handler = boost::asio::any_completion_handler<Signature>;

    explicit RunState(boost::asio::any_io_executor io_executor)
        : io_executor_(std::move(io_executor)) {}

    /// Takes the handler of a new run. Returns false, having completed the handler with
    /// boost::asio::error::in_progress, when a run is in progress.
    bool begin(Handler handler);

    /// The slot for the run's intermediate operations, so that cancelling the run reaches them.
    boost::asio::cancellation_slot slot() { return cancellation_.slot(); }

    /// Whether the run was cancelled (terminal cancellation), even between two operations.
    bool cancelled() const noexcept;

    /// Ends the run with `error`. Touch nothing of the component after it: the handler may
    /// destroy it.
    void finish(boost::system::error_code error);

  private:
    void post(Handler handler, boost::system::error_code error);

    const boost::asio::any_io_executor io_executor_;
    std::atomic<bool> running_{false};
    Handler handler_;
    boost::asio::any_completion_executor work_;
    boost::asio::cancellation_state cancellation_;
};

}  // namespace liquid_energy::core::detail
