#include "liquid_energy/core/detail/run_state.hpp"

#include <utility>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>

#include "engine/post_completion.hpp"

namespace liquid_energy::core::detail {

bool RunState::begin(Handler handler) {
    if (running_.exchange(true)) {
        post(std::move(handler), boost::asio::error::in_progress);
        return false;
    }
    work_ = boost::asio::prefer(boost::asio::get_associated_executor(handler, io_executor_),
                                boost::asio::execution::outstanding_work.tracked);
    cancellation_ =
        boost::asio::cancellation_state(boost::asio::get_associated_cancellation_slot(handler));
    // Swapped in: Boost 1.81's move assignment of any_completion_handler wraps it in itself
    // forever.
    handler_.swap(handler);
    return true;
}

bool RunState::cancelled() const noexcept {
    return cancellation_.cancelled() != boost::asio::cancellation_type::none;
}

void RunState::finish(boost::system::error_code error) {
    auto handler = std::move(handler_);
    // Released only once the post has taken its own hold on the handler's executor.
    const auto work = std::move(work_);
    running_ = false;
    post(std::move(handler), error);
}

void RunState::post(Handler handler, boost::system::error_code error) {
    post_completion(io_executor_, std::move(handler),
                    [error](Handler handler) { std::move(handler)(error); });
}

}  // namespace liquid_energy::core::detail
