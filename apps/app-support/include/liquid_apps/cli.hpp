#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/asio/ssl/context.hpp>
#include <boost/log/trivial.hpp>
#include <boost/program_options/options_description.hpp>

#include "liquid_apps/nats_settings.hpp"
#include "liquid_apps/tls.hpp"

namespace liquid_apps {

/// A command line a program cannot run with; the message is one line.
struct UsageError {
    std::string message;
};

/// A server the program cannot run without did not answer, after its retries; the message names
/// it. Exit status 2, like a usage error: what must change is the setup, not the run.
struct Unreachable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_unreachable = 2;
inline constexpr int exit_interrupted = 130;

/// Stores the command line into the variables `description` binds. False when --help was asked
/// (the help is printed). Throws UsageError for an unknown or bad option.
bool parse_command_line(int argc, char** argv,
                        const boost::program_options::options_description& description);

/// Throws UsageError for a name boost::log does not know.
boost::log::trivial::severity_level parse_log_level(const std::string& name);

/// Throws UsageError unless `port` fits a TCP port; `option` names it in the message.
std::uint16_t checked_port(unsigned port, std::string_view option);

/// Throws UsageError unless `host` is an IP address a server can listen on (--host).
std::string checked_listen_host(const std::string& host);

/// Throws UsageError unless `speed` (--speed) is 0 or a positive number.
double checked_speed(double speed);

/// Where a client connects: a host name or IP address, and a port.
struct Address {
    std::string host;
    std::uint16_t port = 0;

    /// "HOST:PORT", an IPv6 address in brackets.
    std::string to_string() const;
};

/// Reads "HOST:PORT" ("[::1]:7401" for an IPv6 address); the port must not be 0. Throws
/// UsageError naming `option`.
Address parse_address(std::string_view text, std::string_view option);

/// What every server program reads from its command line, before it is checked.
struct ServerCommandLine {
    std::string host;
    unsigned port = 0;
    std::string log_level;
    std::size_t max_connections = 0;
    unsigned idle_timeout_s = 0;
    std::string auth_token_file;
    TlsCommandLine tls;
    NatsCommandLine nats;
};

/// Where a server listens and how much it logs, checked.
struct ServerSettings {
    std::string host;
    /// 0 takes any free port.
    std::uint16_t port = 0;
    boost::log::trivial::severity_level log_level = boost::log::trivial::info;
    /// Connections served at once; those beyond are refused with an ERROR line.
    std::size_t max_connections = 256;
    /// A connection on which nothing happens for this long is closed with an ERROR line; zero
    /// keeps idle connections.
    std::chrono::seconds idle_timeout{300};
    /// When set, each client must open with this token (see auth.hpp).
    std::optional<std::string> auth_token;
    /// When set, clients are served in TLS only (see tls.hpp).
    std::shared_ptr<boost::asio::ssl::context> tls;
    /// When set, the program talks through this broker instead of listening (nats_settings.hpp).
    std::optional<NatsSettings> nats;
};

/// Adds --help, --host (loopback by default), --port (`default_port` by default), --log-level,
/// --max-connections, --idle-timeout-s, --auth-token-file, the TLS options (tls.hpp) and the NATS
/// options (nats_settings.hpp) to `description`, stored into `raw`.
void add_server_options(boost::program_options::options_description& description,
                        ServerCommandLine& raw, std::uint16_t default_port);

/// Throws UsageError for a host that is not an IP address, a port above 65535, an unknown log
/// level, an unreadable token file, a host other than loopback without a token, or TLS options
/// read_tls_options refuses.
ServerSettings read_server_options(const ServerCommandLine& raw);

/// What both trading programs (liquid-demo, liquid-trader) read from their command line, before
/// it is checked.
struct SessionCommandLine {
    std::size_t threads = 0;
    std::string log_level;
    std::string summary_json;
    bool lockstep = false;
};

/// How a trading session runs and reports, checked.
struct SessionSettings {
    /// Engine worker threads; 0 = one per hardware thread. Lockstep runs on one.
    std::size_t threads = 0;
    boost::log::trivial::severity_level log_level = boost::log::trivial::info;
    std::optional<std::filesystem::path> summary_json;
    /// One tick at a time, on one thread (see liquid_energy/trading/lockstep.hpp): the same
    /// result on every run, and liquid-trader's the same as liquid-demo's.
    bool lockstep = false;
};

/// Adds --help, --threads, --log-level, --summary-json and --lockstep (`lockstep_help` says what
/// it does in the program) to `description`, stored into `raw`.
void add_session_options(boost::program_options::options_description& description,
                         SessionCommandLine& raw, const char* lockstep_help);

/// Throws UsageError for an unknown log level or a summary file that cannot be written.
SessionSettings read_session_options(const SessionCommandLine& raw);

/// Reads the command line into a `Raw` that `describe` binds, then returns what `validate` makes
/// of it; nothing when --help was asked (the help is printed). Throws UsageError as
/// parse_command_line and `validate` do.
template <typename Raw, typename Describe, typename Validate>
auto parse_options(int argc, char** argv, Describe describe, Validate validate)
    -> std::optional<std::invoke_result_t<Validate, const Raw&>> {
    Raw raw;
    if (!parse_command_line(argc, argv, describe(raw))) return std::nullopt;
    return validate(std::as_const(raw));
}

/// main() of a program: runs `body`, which returns the exit status; a UsageError is one line
/// on stderr "<program>: <message> (see --help)" and exit 2, an Unreachable one line and exit 2,
/// any other exception one line and exit 1.
int run_program(std::string_view program, const std::function<int()>& body);

/// main() of a program that reads its options with `parse` (nothing after --help: exit 0), then
/// runs `body` with them; errors as run_program.
template <typename Parse, typename Body>
int run_program(std::string_view program, int argc, char** argv, Parse parse, Body body) {
    return run_program(program, [&] {
        const auto options = parse(argc, argv);
        return options ? body(*options) : 0;
    });
}

}  // namespace liquid_apps
