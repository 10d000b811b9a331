#pragma once

#include <cstddef>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/system/error_code.hpp>

namespace liquid_apps {

/// A TLS session over a connected TCP socket the caller owns, as a stream for JsonLineConnector
/// and JsonLineWriter (liquid_energy::wire::LineStream). The programs end a connection by closing
/// its socket, without TLS's close_notify: a peer that does so ends the stream as a TCP close
/// would (boost::asio::error::eof), not with ssl::error::stream_truncated. A line it cut short is
/// still reported as unfinished.
class TlsStream {
  public:
    using executor_type = boost::asio::ip::tcp::socket::executor_type;
    using ReadSignature = void(boost::system::error_code, std::size_t);

    TlsStream(boost::asio::ip::tcp::socket& socket, boost::asio::ssl::context& context)
        : stream_(socket, context) {}

    TlsStream(const TlsStream&) = delete;
    TlsStream& operator=(const TlsStream&) = delete;

    executor_type get_executor() noexcept { return stream_.get_executor(); }
    boost::asio::ip::tcp::socket& lowest_layer() noexcept { return stream_.next_layer(); }
    /// For the handshake and the peer's certificate.
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>& session() noexcept { return stream_; }

    void async_read_some(boost::asio::mutable_buffer buffer,
                         boost::asio::any_completion_handler<ReadSignature> handler);

    template <typename ConstBufferSequence, typename CompletionToken>
    auto async_write_some(const ConstBufferSequence& buffers, CompletionToken&& token) {
        return stream_.async_write_some(buffers, std::forward<CompletionToken>(token));
    }

  private:
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket&> stream_;
};

}  // namespace liquid_apps
