#include "liquid_apps/reconnecting_link.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>
#include <variant>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "liquid_apps/auth.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_energy/wire/json_line_connector.hpp"
#include "liquid_energy/wire/json_line_writer.hpp"
#include "use_tuple.hpp"

namespace liquid_apps {
namespace {

namespace asio = boost::asio;
namespace core = liquid_energy::core;
namespace wire = liquid_energy::wire;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

using detail::use_tuple;

std::string link_source(std::string_view link) { return std::string(link) + "_link"; }

/// Why a conversation ended, from whichever of the reader and the writer ended first.
std::string end_reason(const std::variant<std::tuple<boost::system::error_code>,
                                          std::tuple<boost::system::error_code>>& first) {
    const auto [error] = std::visit([](const auto& outcome) { return outcome; }, first);
    if (first.index() == 0 && !error) return "closed by the peer";
    return error.message();
}

}  // namespace

core::Event make_link_event(core::EventType type, std::string_view kind, std::string_view link,
                            std::string_view address, boost::json::object data) {
    data["kind"] = kind;
    data["link"] = link;
    data["address"] = address;
    if (type == core::EventType::ERROR) data["component"] = link_source(link);
    return core::Event(type, std::move(data), link_source(link));
}

bool is_link_event(const core::Event& event, std::string_view link) {
    const auto* name = event.data().if_contains("link");
    return name != nullptr && name->is_string() && name->get_string() == link &&
           event.source() == link_source(link);
}

std::string_view tally_link_event(const core::Event& event, LinkReport& report) {
    if (!is_link_event(event, report.name)) return {};
    const auto& data = event.data();
    const auto* kind = data.if_contains("kind");
    if (kind == nullptr || !kind->is_string()) return {};
    for (const auto known : {link_up_kind, link_down_kind, link_failed_kind}) {
        if (kind->get_string() != known) continue;
        if (known == link_down_kind) ++report.outages;
        if (known == link_failed_kind) report.failure = data.at("reason").as_string();
        if (known == link_up_kind && data.at("reconnected").as_bool()) ++report.reconnections;
        return known;
    }
    return {};
}

ReconnectingLink::ReconnectingLink(core::EventEngine& engine, LinkOptions options)
    : engine_(engine),
      options_(std::move(options)),
      strand_(asio::make_strand(engine.get_executor())),
      resolver_(strand_),
      socket_(strand_),
      retry_timer_(strand_) {
    // Fails here, with the caller, rather than on the first outage.
    Backoff check(options_.reconnect);
}

void ReconnectingLink::async_run_impl(asio::any_completion_handler<Signature> handler) {
    asio::co_spawn(strand_, run(),
                   [handler = std::move(handler)](const std::exception_ptr& failure,
                                                  boost::system::error_code error) mutable {
                       if (failure) std::rethrow_exception(failure);
                       std::move(handler)(error);
                   });
}

void ReconnectingLink::stop() {
    asio::post(strand_, [this] {
        stopping_ = true;
        resolver_.cancel();
        retry_timer_.cancel();
        boost::system::error_code ignored;
        if (conversing_) {
            // The reader then sees the end of the stream, and the writer finishes what it is
            // writing: closing the socket under it would make a write fail, an ERROR event.
            socket_.shutdown(tcp::socket::shutdown_receive, ignored);
        } else {
            socket_.close(ignored);
        }
    });
}

asio::awaitable<boost::system::error_code> ReconnectingLink::run() {
    Backoff backoff(options_.reconnect);
    bool reconnecting = false;
    for (;;) {
        if (stopping_) co_return boost::system::error_code();
        const auto error = co_await connect();
        if (stopping_) co_return boost::system::error_code();
        if (error) {
            const auto delay = backoff.next_delay();
            if (!delay) {
                const auto reason =
                    error.message() + " after " + std::to_string(backoff.failures()) + " attempts";
                report(core::EventType::ERROR, link_failed_kind,
                       {{"error_message", "gave up on the " + options_.name + " link to " +
                                              options_.address.to_string() + ": " + reason},
                        {"reason", reason}});
                co_return error;
            }
            BOOST_LOG_SEV(app_logger(), boost::log::trivial::debug)
                << options_.name << " link: cannot connect to " << options_.address.to_string()
                << " (" << error.message() << "); next attempt in " << delay->count() << " ms";
            retry_timer_.expires_after(*delay);
            co_await retry_timer_.async_wait(use_tuple);
            if (stopping_) co_return boost::system::error_code();
            continue;
        }
        const unsigned attempts = backoff.failures() + 1;
        backoff.reset();
        const auto reason = co_await converse(reconnecting, attempts);
        if (stopping_) co_return boost::system::error_code();
        report(core::EventType::ERROR, link_down_kind,
               {{"error_message",
                 options_.name + " link to " + options_.address.to_string() + " lost: " + reason}});
        reconnecting = true;
    }
}

asio::awaitable<boost::system::error_code> ReconnectingLink::connect() {
    tls_.reset();
    const auto [resolve_error, endpoints] = co_await resolver_.async_resolve(
        options_.address.host, std::to_string(options_.address.port), use_tuple);
    if (resolve_error) co_return resolve_error;
    const auto [error, endpoint] = co_await asio::async_connect(socket_, endpoints, use_tuple);
    if (error) co_return error;
    boost::system::error_code ignored;
    // Lockstep waits for each answer: Nagle's algorithm would hold small messages back.
    socket_.set_option(tcp::no_delay(true), ignored);
    if (options_.tls) {
        if (const auto tls_error = co_await open_tls()) co_return tls_error;
    }
    if (!options_.auth_token) co_return error;
    const auto line = auth_line(*options_.auth_token);
    const auto [write_error, written] =
        co_await stream().async_write(asio::buffer(line), use_tuple);
    co_return write_error;
}

asio::awaitable<boost::system::error_code> ReconnectingLink::open_tls() {
    auto& session = tls_.emplace(socket_, *options_.tls).session();
    const auto& host = options_.address.host;
    boost::system::error_code not_an_address;
    asio::ip::make_address(host, not_an_address);
    // Server Name Indication, for a server that holds certificates for several names.
    if (not_an_address) SSL_set_tlsext_host_name(session.native_handle(), host.c_str());
    session.set_verify_callback(asio::ssl::host_name_verification(host));
    const auto [error] =
        co_await session.async_handshake(asio::ssl::stream_base::client, use_tuple);
    co_return error;
}

wire::LineStream ReconnectingLink::stream() {
    if (tls_) return *tls_;
    return socket_;
}

asio::awaitable<std::string> ReconnectingLink::converse(bool reconnected, unsigned attempts) {
    wire::JsonLineWriter writer(stream(), engine_, writer_types(),
                                {.name = options_.name + "_writer",
                                 .filter = writer_filter(),
                                 .capacity = options_.write_capacity});
    // What the peer sends comes from this link, whatever source it claims.
    wire::JsonLineConnector reader(stream(), engine_,
                                   {.name = options_.name + "_reader",
                                    .source = options_.name,
                                    .accepted_types = options_.read_types});
    report(core::EventType::SYSTEM, link_up_kind,
           {{"reconnected", reconnected}, {"attempts", attempts}});
    if (reconnected) {
        BOOST_LOG_SEV(app_logger(), boost::log::trivial::info)
            << options_.name << " link to " << options_.address.to_string() << " up again after "
            << attempts << (attempts == 1 ? " attempt" : " attempts");
    }
    conversing_ = true;
    const auto first = co_await (reader.async_run(use_tuple) || writer.async_run(use_tuple));
    conversing_ = false;
    boost::system::error_code ignored;
    socket_.close(ignored);
    auto reason = end_reason(first);
    if (writer.conflated() != 0) {
        reason += "; " + std::to_string(writer.conflated()) +
                  " market data events for the peer were conflated because it fell behind";
    }
    co_return reason;
}

std::vector<core::EventType> ReconnectingLink::writer_types() const {
    auto types = options_.write_types;
    // The writer watches for this connection's link_up, which opens it.
    if (std::find(types.begin(), types.end(), core::EventType::SYSTEM) == types.end()) {
        types.push_back(core::EventType::SYSTEM);
    }
    return types;
}

core::Subscription::Filter ReconnectingLink::writer_filter() const {
    return [this, open = false](const core::Event& event) mutable {
        if (!open) {
            open = is_link_event(event, options_.name) &&
                   event.data().at("kind").as_string() == link_up_kind;
            return false;
        }
        const auto& types = options_.write_types;
        return std::find(types.begin(), types.end(), event.type()) != types.end() &&
               options_.write_filter(event);
    };
}

void ReconnectingLink::report(core::EventType type, std::string_view kind,
                              boost::json::object data) {
    engine_.put(
        make_link_event(type, kind, options_.name, options_.address.to_string(), std::move(data)));
}

}  // namespace liquid_apps
