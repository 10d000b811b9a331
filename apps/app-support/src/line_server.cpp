#include "liquid_apps/line_server.hpp"

#include <csignal>
#include <exception>
#include <iostream>
#include <set>
#include <stdexcept>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "liquid_apps/inbound_stamp.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_energy/core/json_line_connector.hpp"
#include "liquid_energy/core/json_line_writer.hpp"
#include "use_tuple.hpp"

namespace liquid_apps {
namespace {

namespace asio = boost::asio;
namespace core = liquid_energy::core;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

using detail::use_tuple;

class LineServer {
  public:
    LineServer(asio::io_context& io, const ServerSettings& settings, const LineService& service)
        : service_(service), acceptor_(io), signals_(io, SIGINT, SIGTERM) {
        listen(settings);
        signals_.async_wait([this](boost::system::error_code error, int) {
            if (!error) close();
        });
    }

    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

    asio::awaitable<void> accept() {
        for (;;) {
            auto [error, socket] = co_await acceptor_.async_accept(use_tuple);
            if (error == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
            if (error) continue;
            asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)),
                           [](const std::exception_ptr& failure) { log_failure(failure); });
        }
    }

  private:
    /// Throws std::runtime_error with a one-line message: the system_error of a throwing
    /// acceptor constructor names a source file as well.
    void listen(const ServerSettings& settings) {
        const tcp::endpoint endpoint(asio::ip::make_address(settings.host), settings.port);
        boost::system::error_code error;
        acceptor_.open(endpoint.protocol(), error);
        if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
        if (!error) acceptor_.bind(endpoint, error);
        if (!error) acceptor_.listen(tcp::acceptor::max_listen_connections, error);
        if (error) {
            throw std::runtime_error("cannot listen on " + settings.host + ':' +
                                     std::to_string(settings.port) + ": " + error.message());
        }
    }

    static void log_failure(const std::exception_ptr& failure) {
        if (!failure) return;
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& error) {
            BOOST_LOG_SEV(app_logger(), boost::log::trivial::error)
                << "a client session failed: " << error.what();
        }
    }

    asio::awaitable<void> serve(tcp::socket socket) {
        clients_.insert(&socket);
        boost::system::error_code ignored;
        // Lockstep clients wait for each answer: Nagle's algorithm would hold small ones back.
        socket.set_option(tcp::no_delay(true), ignored);
        const std::string source = service_.source;
        core::EventEngine engine(co_await asio::this_coro::executor);
        core::JsonLineWriter writer(
            socket, engine, service_.reply_types,
            {.name = source + "_writer",
             .filter = [source](const core::Event& event) { return event.source() == source; }});
        const ClientConnection client{engine, [&socket] { hang_up(socket); }};
        auto service = service_.make_service(client);
        // Whatever source a client claims, its events come from its reader: never written back.
        InboundStamp inbound(engine, source + "_reader");
        core::JsonLineConnector reader(socket, inbound.engine(), {.name = source + "_reader"});
        engine.start();
        co_await (reader.async_run(use_tuple) || writer.async_run(use_tuple));
        co_await inbound.engine().async_stop(asio::use_awaitable);
        co_await service->finish();
        clients_.erase(&socket);
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
        co_await engine.async_stop(asio::use_awaitable);
    }

    static void hang_up(tcp::socket& socket) {
        boost::system::error_code ignored;
        // A zero linger time makes close() reset the connection instead of finishing it.
        socket.set_option(tcp::socket::linger(true, 0), ignored);
        socket.close(ignored);
    }

    void close() {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        for (auto* client : clients_) client->close(ignored);
    }

    const LineService& service_;
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    // Only touched on the server's one thread.
    std::set<tcp::socket*> clients_;
};

}  // namespace

int run_line_server(const ServerSettings& settings, const LineService& service) {
    asio::io_context io(1);
    LineServer server(io, settings, service);
    const auto endpoint = server.local_endpoint();
    std::cout << "listening " << endpoint.address().to_string() << ':' << endpoint.port()
              << std::endl;
    asio::co_spawn(io, server.accept(), asio::detached);
    io.run();
    return 0;
}

}  // namespace liquid_apps
