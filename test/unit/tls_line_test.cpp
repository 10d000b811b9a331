#define BOOST_TEST_MODULE tls_line
// JsonLineConnector and JsonLineWriter over TLS (Boost.Asio SSL on OpenSSL), with certificates the
// test makes: events cross both ways on one session, and a peer that the other's CA did not sign
// fails the handshake with a clear error.
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <utility>

#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "liquid_energy/wire.hpp"
#include "loopback.hpp"
#include "test_certificates.hpp"

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using namespace liquid_energy::core;
using namespace liquid_energy::wire;
using asio::ip::tcp;
using liquid_energy::test::default_deadline;
using liquid_energy::test::Engine;
using liquid_energy::test::field;
using liquid_energy::test::Link;
using liquid_energy::test::Run;
using liquid_energy::test::TestCertificates;

namespace {

const TestCertificates& certificates() {
    static const auto made = liquid_energy::test::make_test_certificates(
        std::filesystem::temp_directory_path() /
        ("liquid_energy_tls_line_test_" + std::to_string(::getpid())));
    return made;
}

/// Presents `certificate` and asks the peer for one that `ca` signed.
ssl::context context(const std::filesystem::path& certificate, const std::filesystem::path& key,
                     const std::filesystem::path& ca) {
    ssl::context made(ssl::context::tls);
    made.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                     ssl::context::no_tlsv1_1);
    made.use_certificate_chain_file(certificate.string());
    made.use_private_key_file(key.string(), ssl::context::pem);
    made.load_verify_file(ca.string());
    made.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    return made;
}

ssl::context server_context() {
    const auto& files = certificates();
    return context(files.server_certificate, files.server_key, files.ca);
}

ssl::context client_context(const std::filesystem::path& trusted_ca) {
    const auto& files = certificates();
    return context(files.client_certificate, files.client_key, trusted_ca);
}

/// Trusts the test CA and presents no certificate.
ssl::context anonymous_client_context() {
    ssl::context made(ssl::context::tls);
    made.load_verify_file(certificates().ca.string());
    made.set_verify_mode(ssl::verify_peer);
    return made;
}

/// Both ends of a loopback link in TLS, the handshakes not yet made.
struct TlsLink {
    Link link;
    ssl::context server_tls = server_context();
    ssl::context client_tls;
    ssl::stream<tcp::socket&> server{link.server, server_tls};
    ssl::stream<tcp::socket&> client{link.client, client_tls};

    explicit TlsLink(ssl::context client_context) : client_tls(std::move(client_context)) {
        client.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    }

    /// Each end's handshake outcome. Taken as a value, not a future's exception: libstdc++ shares
    /// an exception between threads through a reference count ThreadSanitizer cannot see.
    std::pair<boost::system::error_code, boost::system::error_code> handshake() {
        auto served = start_handshake(server, ssl::stream_base::server);
        auto connected = start_handshake(client, ssl::stream_base::client);
        return {outcome(served), outcome(connected)};
    }

    /// Closes both sockets on the link's thread, ending whatever reads them.
    void close() {
        asio::post(link.io.get_executor(), asio::use_future([this] {
                       link.client.close();
                       link.server.close();
                   }))
            .get();
    }

  private:
    std::future<boost::system::error_code> start_handshake(ssl::stream<tcp::socket&>& end,
                                                           ssl::stream_base::handshake_type type) {
        auto done = std::make_shared<std::promise<boost::system::error_code>>();
        auto outcome = done->get_future();
        asio::post(link.io.get_executor(), [&end, type, done] {
            end.async_handshake(
                type, [done](boost::system::error_code error) { done->set_value(error); });
        });
        return outcome;
    }

    static boost::system::error_code outcome(std::future<boost::system::error_code>& handshake) {
        BOOST_REQUIRE(handshake.wait_for(default_deadline) == std::future_status::ready);
        return handshake.get();
    }
};

Event numbered(EventType type, int seq) { return Event(type, {{"seq", seq}}, "peer"); }

}  // namespace

BOOST_AUTO_TEST_CASE(events_cross_a_tls_session_both_ways_in_order) {
    TlsLink tls(client_context(certificates().ca));
    const auto [server_handshake, client_handshake] = tls.handshake();
    BOOST_REQUIRE(!server_handshake);
    BOOST_REQUIRE(!client_handshake);

    Engine client({EventType::ORDER_UPDATE});
    Engine server({EventType::TRADE_UPDATE});
    // Types the writers never conflate, however far the reader falls behind.
    JsonLineWriter to_server(tls.client, client.engine, {EventType::TRADE_UPDATE});
    JsonLineConnector from_server(tls.client, client.engine);
    JsonLineWriter to_client(tls.server, server.engine, {EventType::ORDER_UPDATE});
    JsonLineConnector from_client(tls.server, server.engine);
    Run runs[4];
    to_server.async_run(runs[0].handler());
    from_server.async_run(runs[1].handler());
    to_client.async_run(runs[2].handler());
    from_client.async_run(runs[3].handler());

    constexpr int count = 2000;
    for (int seq = 0; seq < count; ++seq) {
        client.engine.put(numbered(EventType::TRADE_UPDATE, seq));
        server.engine.put(numbered(EventType::ORDER_UPDATE, seq));
    }
    const auto at_server = server.wait_for_events(count);
    const auto at_client = client.wait_for_events(count);
    for (int seq = 0; seq < count; ++seq) {
        BOOST_TEST(field(at_server[seq], "seq") == seq);
        BOOST_TEST(field(at_client[seq], "seq") == seq);
    }

    to_server.close();
    to_client.close();
    BOOST_TEST(!runs[0].outcome());
    BOOST_TEST(!runs[2].outcome());
    tls.close();
    BOOST_TEST(runs[1].outcome() == asio::error::operation_aborted);
    BOOST_TEST(runs[3].outcome() == asio::error::operation_aborted);
}

BOOST_AUTO_TEST_CASE(a_server_another_ca_signed_fails_the_handshake_with_a_clear_error) {
    TlsLink tls(client_context(certificates().other_ca));
    const auto [server_handshake, client_handshake] = tls.handshake();
    BOOST_TEST((client_handshake.category() == asio::error::get_ssl_category()));
    BOOST_TEST_MESSAGE("client: " << client_handshake.message());
    BOOST_TEST(client_handshake.message().find("certificate verify failed") != std::string::npos);
    BOOST_TEST(server_handshake.failed());
    tls.close();
}

BOOST_AUTO_TEST_CASE(a_client_without_a_certificate_is_refused_by_a_server_that_asks_for_one) {
    TlsLink tls(anonymous_client_context());
    const auto [server_handshake, client_handshake] = tls.handshake();
    BOOST_TEST_MESSAGE("server: " << server_handshake.message());
    BOOST_TEST((server_handshake.category() == asio::error::get_ssl_category()));
    BOOST_TEST(server_handshake.message().find("certificate") != std::string::npos);
    tls.close();
}
