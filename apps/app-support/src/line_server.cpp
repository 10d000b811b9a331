#include "liquid_apps/line_server.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <exception>
#include <iostream>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "liquid_apps/auth.hpp"
#include "liquid_apps/log_budget.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_apps/tls_stream.hpp"
#include "liquid_energy/wire/json_line.hpp"
#include "liquid_energy/wire/json_line_connector.hpp"
#include "liquid_energy/wire/json_line_writer.hpp"
#include "liquid_energy/wire/line_stream.hpp"
#include "use_tuple.hpp"

namespace liquid_apps {
namespace {

namespace asio = boost::asio;
namespace core = liquid_energy::core;
namespace wire = liquid_energy::wire;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

using detail::use_tuple;

/// Logs, within a budget, the lines a client's reader refused. Runs on the server's one thread.
class MistakeLog : public core::EventListener {
  public:
    MistakeLog(const std::string& reader_name, LogBudget& budget)
        : core::EventListener(reader_name + "_mistakes", {core::EventType::ERROR}),
          reader_name_(reader_name),
          budget_(budget) {}

    bool accepts(const core::Event& event) const override {
        return event.source() == reader_name_ && event.data().contains("reason");
    }

    void handle_event(const core::Event& event) override {
        const auto unlogged = budget_.take(LogBudget::Clock::now());
        if (!unlogged) return;
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::warning)
            << "refused a client's line (" << event.data().at("reason").as_string()
            << "): " << event.data().at("error_message").as_string() << "; " << budget_.total()
            << " refused so far, " << *unlogged << " not logged";
    }

  private:
    const std::string reader_name_;
    LogBudget& budget_;
};

class LineServer {
  public:
    LineServer(asio::io_context& io, const ServerSettings& settings, const LineService& service)
        : settings_(settings), service_(service), acceptor_(io), signals_(io, SIGINT, SIGTERM) {
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
            if (error) {
                co_await back_off(error);
                continue;
            }
            accept_delay_ = min_accept_delay;
            const bool admitted = admitted_ < settings_.max_connections;
            if (!admitted && refusing_ >= settings_.max_connections) {
                // Refusals take a handshake each: past as many as may be served, close at once.
                log_refusal();
                continue;
            }
            asio::co_spawn(acceptor_.get_executor(), open(std::move(socket), admitted),
                           [](const std::exception_ptr& failure) { log_failure(failure); });
        }
    }

  private:
    static constexpr std::chrono::milliseconds min_accept_delay{50};
    static constexpr std::chrono::milliseconds max_accept_delay{1000};
    /// For the TLS handshake, then for the token's line.
    static constexpr std::chrono::seconds opening_deadline{10};

    /// Out of file descriptors (EMFILE) or another accept error: the error would come back at
    /// once, so wait, longer each time in a row, instead of spinning.
    asio::awaitable<void> back_off(const boost::system::error_code& error) {
        if (const auto unlogged = accept_errors_.take(LogBudget::Clock::now())) {
            BOOST_LOG_SEV(app_logger(), boost::log::trivial::error)
                << "cannot accept a connection: " << error.message() << "; retrying in "
                << accept_delay_.count() << " ms (" << accept_errors_.total()
                << " accept errors so far, " << *unlogged << " not logged)";
        }
        asio::steady_timer timer(acceptor_.get_executor(), accept_delay_);
        co_await timer.async_wait(use_tuple);
        accept_delay_ = std::min(accept_delay_ * 2, max_accept_delay);
    }

    /// Counts a connection from its accept to its close, admitted or refused, and keeps its
    /// socket where a signal closes it.
    class Tally {
      public:
        Tally(LineServer& server, tcp::socket& socket, bool admitted)
            : server_(server), socket_(socket), admitted_(admitted) {
            ++(admitted_ ? server_.admitted_ : server_.refusing_);
            server_.clients_.insert(&socket_);
        }
        ~Tally() {
            --(admitted_ ? server_.admitted_ : server_.refusing_);
            server_.clients_.erase(&socket_);
        }
        Tally(const Tally&) = delete;
        Tally& operator=(const Tally&) = delete;

      private:
        LineServer& server_;
        tcp::socket& socket_;
        const bool admitted_;
    };

    /// The TLS handshake when the server has TLS, then the session, or its refusal.
    asio::awaitable<void> open(tcp::socket socket, bool admitted) {
        const Tally tally(*this, socket, admitted);
        std::optional<TlsStream> tls;
        if (settings_.tls) {
            tls.emplace(socket, *settings_.tls);
            if (const auto error = co_await handshake(*tls)) {
                log_mistake("a TLS handshake failed: " + error.message());
                close_connection(socket);
                co_return;
            }
        }
        // The coroutines below take the stream by reference: taken by value, GCC 12 (-O0) read
        // it from a copy already destroyed when they began.
        const auto stream = tls ? wire::LineStream(*tls) : wire::LineStream(socket);
        if (!admitted) {
            co_await refuse(stream, socket);
        } else if (settings_.auth_token && !co_await authenticated(stream)) {
            log_mistake("refused a client that did not authenticate");
            co_await say_goodbye(stream, socket, "unauthenticated",
                                 "the first line must be the handshake with the server's token");
        } else {
            co_await serve(stream, socket);
        }
    }

    /// Completes with the handshake's error, or timed_out after the opening deadline.
    asio::awaitable<boost::system::error_code> handshake(TlsStream& tls) {
        asio::steady_timer deadline(tls.get_executor(), opening_deadline);
        const auto done =
            co_await (tls.session().async_handshake(asio::ssl::stream_base::server, use_tuple) ||
                      deadline.async_wait(use_tuple));
        if (done.index() != 0) co_return asio::error::timed_out;
        co_return std::get<0>(std::get<0>(done));
    }

    asio::awaitable<void> refuse(const wire::LineStream& stream, tcp::socket& socket) {
        log_refusal();
        co_await say_goodbye(stream, socket, "too_many_connections",
                             "the server serves at most " +
                                 std::to_string(settings_.max_connections) + " connections");
    }

    /// Writes a last ERROR line, then closes the connection.
    asio::awaitable<void> say_goodbye(const wire::LineStream& stream, tcp::socket& socket,
                                      const std::string& reason, const std::string& message) {
        const auto line = wire::encode_json_line(core::Event(
            core::EventType::ERROR,
            {{"component", service_.source}, {"reason", reason}, {"error_message", message}},
            service_.source));
        co_await stream.async_write(asio::buffer(line), use_tuple);
        close_connection(socket);
    }

    static void close_connection(tcp::socket& socket) {
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }

    void log_mistake(const std::string& what) { log_within(mistakes_, what, "client mistakes"); }

    void log_refusal() {
        log_within(refusals_,
                   "refused a connection: " + std::to_string(admitted_) +
                       " served already, the most allowed",
                   "connections refused");
    }

    /// Logs `what` unless `budget` is spent, with how many `counted` there were and how many of
    /// them went unlogged.
    static void log_within(LogBudget& budget, const std::string& what, std::string_view counted) {
        const auto unlogged = budget.take(LogBudget::Clock::now());
        if (!unlogged) return;
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::warning)
            << what << "; " << budget.total() << ' ' << counted << " so far, " << *unlogged
            << " not logged";
    }

    /// Completes once the engine has taken no event for a whole idle timeout; never without one.
    asio::awaitable<void> watch_idleness(const core::EventEngine& engine) {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        for (auto seen = engine.stats().accepted;; seen = engine.stats().accepted) {
            if (settings_.idle_timeout.count() == 0) {
                timer.expires_at(asio::steady_timer::time_point::max());
            } else {
                timer.expires_after(settings_.idle_timeout);
            }
            const auto [error] = co_await timer.async_wait(use_tuple);
            // An error is the cancellation that follows another operation's completion.
            if (error || engine.stats().accepted == seen) co_return;
        }
    }

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

    /// Reads the client's first line, one byte at a time so that nothing after it is taken from
    /// the connector, within a deadline, and checks the token it offers.
    asio::awaitable<bool> authenticated(const wire::LineStream& stream) {
        constexpr std::size_t max_line = 4096;
        std::string line;
        char byte = 0;
        asio::steady_timer deadline(stream.get_executor(), opening_deadline);
        while (line.size() < max_line) {
            const auto read = co_await (stream.async_read_some(asio::buffer(&byte, 1), use_tuple) ||
                                        deadline.async_wait(use_tuple));
            if (read.index() != 0 || std::get<0>(std::get<0>(read))) break;
            if (byte == '\n') co_return offers_token(line, *settings_.auth_token);
            line += byte;
        }
        co_return false;
    }

    asio::awaitable<void> serve(const wire::LineStream& stream, tcp::socket& socket) {
        boost::system::error_code ignored;
        // Lockstep clients wait for each answer: Nagle's algorithm would hold small ones back.
        socket.set_option(tcp::no_delay(true), ignored);
        const std::string source = service_.source;
        const std::string reader_name = source + "_reader";
        core::EventEngine engine(co_await asio::this_coro::executor);
        // The reader's ERROR events answer the client's bad lines on its own connection.
        wire::JsonLineWriter writer(
            stream, engine, reply_types(),
            {.name = source + "_writer", .filter = [source, reader_name](const core::Event& event) {
                 return event.source() == source ||
                        (event.type() == core::EventType::ERROR && event.source() == reader_name);
             }});
        const ClientConnection client{engine, [&socket] { hang_up(socket); }};
        auto service = service_.make_service(client);
        // Whatever source a client claims, its events come from the client: never written back.
        wire::JsonLineConnector reader(
            stream, engine, {.name = reader_name, .pacer = &writer, .source = source + "_client"});
        engine.register_listener(std::make_shared<MistakeLog>(reader_name, mistakes_));
        engine.start();
        const auto ended = co_await (reader.async_run(use_tuple) || writer.async_run(use_tuple) ||
                                     watch_idleness(engine));
        co_await service->finish();
        if (ended.index() == 2) {
            co_await say_goodbye(stream, socket, "idle_timeout",
                                 "nothing happened on the connection for " +
                                     std::to_string(settings_.idle_timeout.count()) + " s");
        }
        if (ended.index() == 1 && std::get<0>(std::get<1>(ended)) == asio::error::timed_out) {
            ++closed_slow_;
            BOOST_LOG_SEV(app_logger(), boost::log::trivial::warning)
                << "closed a client that read too slowly (" << closed_slow_ << " so far)";
        }
        close_connection(socket);
        co_await engine.async_stop(asio::use_awaitable);
    }

    std::vector<core::EventType> reply_types() const {
        auto types = service_.reply_types;
        if (std::find(types.begin(), types.end(), core::EventType::ERROR) == types.end()) {
            types.push_back(core::EventType::ERROR);
        }
        return types;
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

    const ServerSettings& settings_;
    const LineService& service_;
    // Only touched on the server's one thread, as is everything below.
    std::chrono::milliseconds accept_delay_ = min_accept_delay;
    LogBudget accept_errors_{1, std::chrono::seconds(1)};
    std::size_t admitted_ = 0;
    std::size_t refusing_ = 0;
    std::uint64_t closed_slow_ = 0;
    // Client mistakes are the clients' to see (each gets an ERROR line); the server's log only
    // samples them, so that a flood of bad lines cannot flood it.
    LogBudget mistakes_{5, std::chrono::seconds(1)};
    // Likewise for connections past the limit, which a crowd of clients can make by the thousand.
    LogBudget refusals_{5, std::chrono::seconds(1)};
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    // Only touched on the server's one thread: every connection open, admitted or refused.
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
