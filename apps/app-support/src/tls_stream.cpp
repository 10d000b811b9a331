#include "liquid_apps/tls_stream.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

namespace liquid_apps {

namespace asio = boost::asio;

void TlsStream::async_read_some(asio::mutable_buffer buffer,
                                asio::any_completion_handler<ReadSignature> handler) {
    // The handler's cancellation slot and executor carry over to the read it completes.
    auto slot = asio::get_associated_cancellation_slot(handler);
    auto executor = asio::get_associated_executor(handler, get_executor());
    stream_.async_read_some(
        buffer, asio::bind_cancellation_slot(
                    slot, asio::bind_executor(executor, [handler = std::move(handler)](
                                                            boost::system::error_code error,
                                                            std::size_t size) mutable {
                        if (error == asio::ssl::error::stream_truncated) error = asio::error::eof;
                        std::move(handler)(error, size);
                    })));
}

}  // namespace liquid_apps
