#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/object.hpp>
#include <boost/system/error_code.hpp>

#include "liquid_apps/backoff.hpp"
#include "liquid_apps/cli.hpp"
#include "liquid_apps/summary.hpp"
#include "liquid_apps/tls_stream.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "liquid_energy/core/subscription.hpp"
#include "liquid_energy/wire/line_stream.hpp"

namespace liquid_apps {

// What a ReconnectingLink tells its engine. Each event carries "link" (the link's name) and
// "address", and comes from the source "<name>_link":
//   SYSTEM {"kind":"link_up","reconnected","attempts"}   connected (again), ready to write;
//   ERROR  {"kind":"link_down","component","error_message"}   the connection dropped;
//   ERROR  {"kind":"link_failed","component","error_message","reason"}   the link gave up.
// An event chosen to be written reaches the peer if it is put after a link_up and the
// connection does not drop before it is written; one put before the link_up, or after the
// connection dropped, does not. A component that follows the link events in the order they are
// put can tell which of its events went out and which may have been lost.

inline constexpr std::string_view link_up_kind = "link_up";
inline constexpr std::string_view link_down_kind = "link_down";
inline constexpr std::string_view link_failed_kind = "link_failed";

/// A link event of `kind` of the link named `link`, connected to `address`, with `data` besides.
liquid_energy::core::Event make_link_event(liquid_energy::core::EventType type,
                                           std::string_view kind, std::string_view link,
                                           std::string_view address, boost::json::object data);

/// Whether `event` is one of the link events of the link named `link`.
bool is_link_event(const liquid_energy::core::Event& event, std::string_view link);

/// If `event` is one of the link events of the link `report.name`, counts it into `report`
/// (an outage, a reconnection, the reason it gave up) and returns its kind; else returns an
/// empty view.
std::string_view tally_link_event(const liquid_energy::core::Event& event, LinkReport& report);

struct LinkOptions {
    /// Names the link in its events and its log lines: "feed", "exchange".
    std::string name;
    Address address;
    /// What is written to the peer: the events of these types that `write_filter` accepts (it
    /// runs on a listener's strand, one event at a time).
    std::vector<liquid_energy::core::EventType> write_types;
    std::function<bool(const liquid_energy::core::Event&)> write_filter;
    /// What the peer may send: other types are refused and reported
    /// (JsonLineConnector::Options::accepted_types); empty lets every type in. Whatever the peer
    /// claims, what it sends has the link's name as its source.
    std::vector<liquid_energy::core::EventType> read_types;
    /// Events waiting to be written, at most; see JsonLineWriter for what happens beyond.
    std::size_t write_capacity = liquid_energy::core::Subscription::default_capacity;
    ReconnectPolicy reconnect;
    /// When set, each connection opens with this token's handshake line (see auth.hpp).
    std::optional<std::string> auth_token;
    /// When set, each connection is a TLS session whose server certificate must be valid for
    /// `address.host` (see tls.hpp); the token's line, if any, follows the TLS handshake.
    std::shared_ptr<boost::asio::ssl::context> tls;
};

/// A TCP connection to a server (TLS when the options say so), kept up: the JSON lines it reads are
/// put into the engine, and the engine's events chosen by the options are written to it
/// (JsonLineConnector and JsonLineWriter). When the connection cannot be made or drops, the link
/// connects again at once, then with backoff (ReconnectPolicy), until it succeeds or gives up.
///
/// Runs on a strand of the engine's executor. The engine must outlive the link, and the link
/// its run.
class ReconnectingLink {
  public:
    using Signature = void(boost::system::error_code);

    ReconnectingLink(liquid_energy::core::EventEngine& engine, LinkOptions options);

    ReconnectingLink(const ReconnectingLink&) = delete;
    ReconnectingLink& operator=(const ReconnectingLink&) = delete;

    /// Connects and keeps connecting until stop() or giving up; one run at a time. Completion
    /// signature `void(error_code)`, never run inside this call: success after stop(), else
    /// the error of the last failed attempt, once the link_failed event is put.
    template <
        boost::asio::completion_token_for<Signature> CompletionToken = boost::asio::deferred_t>
    auto async_run(CompletionToken&& token = boost::asio::deferred_t()) {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            [this](auto handler) { async_run_impl(std::move(handler)); }, token);
    }

    /// Thread-safe. Closes the connection, or stops waiting to retry, and ends the run.
    void stop();

    const LinkOptions& options() const noexcept { return options_; }

  private:
    void async_run_impl(boost::asio::any_completion_handler<Signature> handler);
    boost::asio::awaitable<boost::system::error_code> run();
    boost::asio::awaitable<boost::system::error_code> connect();
    boost::asio::awaitable<boost::system::error_code> open_tls();
    /// The connection: the socket, or the TLS session over it.
    liquid_energy::wire::LineStream stream();
    /// Carries events both ways until the connection ends; returns why it ended.
    boost::asio::awaitable<std::string> converse(bool reconnected, unsigned attempts);
    std::vector<liquid_energy::core::EventType> writer_types() const;
    /// Writes nothing before this connection's link_up: what was put before it is not part of
    /// the conversation its link_up begins.
    liquid_energy::core::Subscription::Filter writer_filter() const;
    void report(liquid_energy::core::EventType type, std::string_view kind,
                boost::json::object data);

    liquid_energy::core::EventEngine& engine_;
    const LinkOptions options_;
    boost::asio::strand<liquid_energy::core::EventEngine::executor_type> strand_;
    // Touched only on the strand.
    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::ip::tcp::socket socket_;
    std::optional<TlsStream> tls_;
    boost::asio::steady_timer retry_timer_;
    bool stopping_ = false;
    bool conversing_ = false;
};

}  // namespace liquid_apps
