#include "liquid_apps/tls.hpp"

#include <functional>
#include <string_view>

#include <openssl/ssl.h>

#include <boost/program_options/value_semantic.hpp>
#include <boost/system/system_error.hpp>

#include "liquid_apps/cli.hpp"

namespace liquid_apps {
namespace {

namespace po = boost::program_options;
namespace ssl = boost::asio::ssl;

/// Runs `load`, turning a failure into a UsageError naming the option and its file.
void load_file(std::string_view option, const std::string& file,
               const std::function<void()>& load) {
    try {
        load();
    } catch (const boost::system::system_error& failure) {
        throw UsageError{"--" + std::string(option) + " " + file + ": " + failure.code().message()};
    }
}

void check_options(const TlsCommandLine& raw, TlsRole role) {
    if (raw.certificate.empty() != raw.key.empty()) {
        throw UsageError{"--tls-cert and --tls-key go together"};
    }
    if (role == TlsRole::server && !raw.ca.empty() && raw.certificate.empty()) {
        throw UsageError{"--tls-ca needs --tls-cert and --tls-key: a server serves TLS with them"};
    }
    if (role == TlsRole::client && !raw.certificate.empty() && raw.ca.empty()) {
        throw UsageError{"--tls-cert needs --tls-ca: the trader checks the servers' certificates"};
    }
}

}  // namespace

void add_tls_options(po::options_description& description, TlsCommandLine& raw, TlsRole role) {
    auto add = description.add_options();
    if (role == TlsRole::server) {
        add("tls-cert", po::value(&raw.certificate),
            "serve TLS only, with this PEM certificate (chain); needs --tls-key");
        add("tls-key", po::value(&raw.key), "the PEM private key of --tls-cert");
        add("tls-ca", po::value(&raw.ca),
            "ask each client for a certificate this PEM CA signed, and refuse those without");
    } else {
        add("tls-ca", po::value(&raw.ca),
            "connect with TLS, checking the servers' certificates against this PEM CA and the "
            "host they are reached at");
        add("tls-cert", po::value(&raw.certificate),
            "the PEM client certificate (chain) to show servers that ask for one; needs --tls-key "
            "and --tls-ca");
        add("tls-key", po::value(&raw.key), "the PEM private key of --tls-cert");
    }
}

std::shared_ptr<ssl::context> read_tls_options(const TlsCommandLine& raw, TlsRole role) {
    check_options(raw, role);
    if (raw.certificate.empty() && raw.ca.empty()) return nullptr;
    auto context = std::make_shared<ssl::context>(
        role == TlsRole::server ? ssl::context::tls_server : ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    if (!raw.certificate.empty()) {
        load_file("tls-cert", raw.certificate,
                  [&] { context->use_certificate_chain_file(raw.certificate); });
        load_file("tls-key", raw.key,
                  [&] { context->use_private_key_file(raw.key, ssl::context::pem); });
        if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
            throw UsageError{"--tls-key " + raw.key + " is not the key of --tls-cert " +
                             raw.certificate};
        }
    }
    if (!raw.ca.empty()) {
        load_file("tls-ca", raw.ca, [&] { context->load_verify_file(raw.ca); });
        context->set_verify_mode(role == TlsRole::server
                                     ? ssl::verify_peer | ssl::verify_fail_if_no_peer_cert
                                     : ssl::verify_peer);
    }
    return context;
}

}  // namespace liquid_apps
