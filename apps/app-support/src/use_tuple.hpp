#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace liquid_apps::detail {

/// The completion token of the servers' and links' coroutines: an operation's error comes back
/// in a tuple with its results instead of being thrown, as I/O errors are expected there.
inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace liquid_apps::detail
