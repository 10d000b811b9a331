#pragma once

#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

namespace liquid_energy::core::detail {

/// Calls `complete(std::move(handler))` on the handler's associated executor (`io_executor` if it
/// has none), never inside this call. Boost 1.81's any_completion_executor cannot promise not to
/// block, so the call is posted through `io_executor`, which can, and dispatched from there. The
/// handler is moved into a lambda rather than passed on as a token: 1.81's any_completion_handler,
/// used as a token, wraps itself recursively.
template <typename Handler, typename Complete>
void post_completion(const boost::asio::any_io_executor& io_executor, Handler handler,
                     Complete complete) {
    auto handler_executor = boost::asio::get_associated_executor(handler, io_executor);
    boost::asio::post(io_executor,
                      boost::asio::bind_executor(
                          std::move(handler_executor),
                          [handler = std::move(handler), complete = std::move(complete)]() mutable {
                              complete(std::move(handler));
                          }));
}

}  // namespace liquid_energy::core::detail
