#pragma once

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>

namespace liquid_energy::wire {

/// A connected byte stream that JsonLineConnector and JsonLineWriter read and write: a reference
/// to any Asio stream the caller owns and keeps alive while they use it, e.g. a
/// `boost::asio::ip::tcp::socket` or a `boost::asio::ssl::stream` over one. The stream's own
/// operations are called through one indirection, so the connector and writer are compiled once
/// for every kind of stream.
class LineStream {
  public:
    using executor_type = boost::asio::any_io_executor;
    using Signature = void(boost::system::error_code, std::size_t);

    /// `stream` is an Asio AsyncReadStream and AsyncWriteStream with `lowest_layer()` (a socket,
    /// an SSL stream) or else `cancel(error_code&)`.
    template <typename AsyncStream>
    requires(!std::same_as<std::remove_cv_t<AsyncStream>, LineStream>)
        // NOLINTNEXTLINE(google-explicit-constructor): any stream passes where a LineStream is
        // asked.
        LineStream(AsyncStream& stream)
        : stream_(&stream),
          executor_(stream.get_executor()),
          operations_(&operations_of<AsyncStream>) {}

    executor_type get_executor() const noexcept { return executor_; }

    /// The stream's `async_read_some`.
    template <boost::asio::completion_token_for<Signature> CompletionToken>
    auto async_read_some(boost::asio::mutable_buffer buffer, CompletionToken&& token) const {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            // By value: the initiation may run after this LineStream is gone.
            [stream = stream_, operations = operations_](auto handler,
                                                         boost::asio::mutable_buffer into) {
                operations->read_some(stream, into, std::move(handler));
            },
            token, buffer);
    }

    /// `boost::asio::async_write` of the whole buffer to the stream.
    template <boost::asio::completion_token_for<Signature> CompletionToken>
    auto async_write(boost::asio::const_buffer buffer, CompletionToken&& token) const {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            [stream = stream_, operations = operations_](auto handler,
                                                         boost::asio::const_buffer from) {
                operations->write(stream, from, std::move(handler));
            },
            token, buffer);
    }

    /// Cancels the stream's operations in progress, at its lowest layer; errors are ignored.
    void cancel() const { operations_->cancel(stream_); }

  private:
    using Handler = boost::asio::any_completion_handler<Signature>;

    struct Operations {
        void (*read_some)(void* stream, boost::asio::mutable_buffer buffer, Handler handler);
        void (*write)(void* stream, boost::asio::const_buffer buffer, Handler handler);
        void (*cancel)(void* stream);
    };

    template <typename AsyncStream>
    static constexpr Operations operations_of{
        .read_some =
            [](void* stream, boost::asio::mutable_buffer buffer, Handler handler) {
                static_cast<AsyncStream*>(stream)->async_read_some(buffer, std::move(handler));
            },
        .write =
            [](void* stream, boost::asio::const_buffer buffer, Handler handler) {
                boost::asio::async_write(*static_cast<AsyncStream*>(stream), buffer,
                                         std::move(handler));
            },
        .cancel =
            [](void* stream) {
                auto& typed = *static_cast<AsyncStream*>(stream);
                boost::system::error_code ignored;
                if constexpr (requires { typed.lowest_layer().cancel(ignored); }) {
                    typed.lowest_layer().cancel(ignored);
                } else {
                    typed.cancel(ignored);
                }
            },
    };

    void* stream_;
    executor_type executor_;
    const Operations* operations_;
};

}  // namespace liquid_energy::wire
