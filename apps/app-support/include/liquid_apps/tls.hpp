#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>
#include <boost/program_options/options_description.hpp>

// TLS for the JSON-line links (README, "Trust model"): the servers take --tls-cert and --tls-key
// (and --tls-ca to ask each client for a certificate that CA signed); liquid-trader takes
// --tls-ca (the CA that signed the servers' certificates) and, for servers that ask, --tls-cert
// and --tls-key.
namespace liquid_apps {

/// Which end of a link a program is.
enum class TlsRole { server, client };

/// The TLS options as given, before they are read.
struct TlsCommandLine {
    std::string certificate;
    std::string key;
    std::string ca;
};

/// Adds --tls-cert, --tls-key and --tls-ca, with help for `role`, to `description`.
void add_tls_options(boost::program_options::options_description& description, TlsCommandLine& raw,
                     TlsRole role);

/// The context the options make, or null when none was given (plain TCP). TLS 1.2 at least; a
/// client checks the server's certificate against the CA and the host it connects to. Throws
/// UsageError when a certificate comes without its key or the other way round, when a client has
/// a certificate but no CA or a server a CA but no certificate, or when a file cannot be read, is
/// not PEM, or the key does not match the certificate.
std::shared_ptr<boost::asio::ssl::context> read_tls_options(const TlsCommandLine& raw,
                                                            TlsRole role);

}  // namespace liquid_apps
