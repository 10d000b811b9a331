#include "liquid_apps/cli.hpp"

#include <charconv>
#include <cmath>
#include <exception>
#include <iostream>

#include <boost/asio/ip/address.hpp>
#include <boost/program_options.hpp>

#include "liquid_apps/auth.hpp"
#include "liquid_apps/data_file.hpp"

namespace liquid_apps {

namespace po = boost::program_options;

bool parse_command_line(int argc, char** argv, const po::options_description& description) {
    po::variables_map values;
    try {
        po::store(po::parse_command_line(argc, argv, description), values);
        po::notify(values);
    } catch (const po::error& error) {
        throw UsageError{error.what()};
    }
    if (values.count("help") == 0) return true;
    std::cout << description;
    return false;
}

boost::log::trivial::severity_level parse_log_level(const std::string& name) {
    boost::log::trivial::severity_level level{};
    if (!boost::log::trivial::from_string(name.data(), name.size(), level)) {
        throw UsageError{"unknown --log-level '" + name + "'"};
    }
    return level;
}

std::uint16_t checked_port(unsigned port, std::string_view option) {
    if (port > 65535) throw UsageError{"--" + std::string(option) + " must be at most 65535"};
    return static_cast<std::uint16_t>(port);
}

std::string checked_listen_host(const std::string& host) {
    boost::system::error_code error;
    boost::asio::ip::make_address(host, error);
    if (error) throw UsageError{"--host must be an IP address, not '" + host + "'"};
    return host;
}

double checked_speed(double speed) {
    if (!std::isfinite(speed) || speed < 0) {
        throw UsageError{"--speed must be 0 or a positive number"};
    }
    return speed;
}

std::string Address::to_string() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ':' + std::to_string(port);
}

Address parse_address(std::string_view text, std::string_view option) {
    const auto bad = [&] {
        return UsageError{"--" + std::string(option) + " must be HOST:PORT with a port from 1 to " +
                          "65535, not '" + std::string(text) + "'"};
    };
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) throw bad();
    std::string_view host = text.substr(0, colon);
    const std::string_view port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    unsigned port = 0;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (host.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
        port == 0 || port > 65535) {
        throw bad();
    }
    return Address{std::string(host), static_cast<std::uint16_t>(port)};
}

void add_server_options(po::options_description& description, ServerCommandLine& raw,
                        std::uint16_t default_port) {
    auto add = description.add_options();
    add("help", "show this help");
    add("host", po::value(&raw.host)->default_value("127.0.0.1"), "IP address to listen on");
    add("port", po::value(&raw.port)->default_value(default_port),
        "TCP port to listen on; 0 = any free port (printed)");
    add("log-level", po::value(&raw.log_level)->default_value("info"),
        "trace, debug, info, warning, error or fatal");
    add("max-connections", po::value(&raw.max_connections)->default_value(256),
        "connections served at once; more are refused with an ERROR line");
    add("idle-timeout-s", po::value(&raw.idle_timeout_s)->default_value(300),
        "close a connection idle this long, with an ERROR line; 0 = never");
    add("auth-token-file", po::value(&raw.auth_token_file),
        "clients must open with the token on this file's first line; required off loopback");
    add_tls_options(description, raw.tls, TlsRole::server);
    add_nats_options(description, raw.nats);
}

ServerSettings read_server_options(const ServerCommandLine& raw) {
    if (raw.max_connections == 0) throw UsageError{"--max-connections must be positive"};
    std::optional<std::string> token;
    if (!raw.auth_token_file.empty()) token = read_auth_token(raw.auth_token_file);
    if (!token && !boost::asio::ip::make_address(checked_listen_host(raw.host)).is_loopback()) {
        throw UsageError{"--host " + raw.host +
                         " is not a loopback address: listening there needs --auth-token-file "
                         "(see README, Trust model)"};
    }
    return ServerSettings{.host = checked_listen_host(raw.host),
                          .port = checked_port(raw.port, "port"),
                          .log_level = parse_log_level(raw.log_level),
                          .max_connections = raw.max_connections,
                          .idle_timeout = std::chrono::seconds(raw.idle_timeout_s),
                          .auth_token = std::move(token),
                          .tls = read_tls_options(raw.tls, TlsRole::server),
                          .nats = read_nats_options(raw.nats)};
}

void add_session_options(po::options_description& description, SessionCommandLine& raw,
                         const char* lockstep_help) {
    auto add = description.add_options();
    add("help", "show this help");
    add("threads", po::value(&raw.threads)->default_value(0),
        "engine worker threads; 0 = one per hardware thread");
    add("log-level", po::value(&raw.log_level)->default_value("info"),
        "trace, debug, info, warning, error or fatal");
    add("summary-json", po::value(&raw.summary_json),
        "also write the summary as JSON to this file");
    add("lockstep", po::bool_switch(&raw.lockstep), lockstep_help);
}

SessionSettings read_session_options(const SessionCommandLine& raw) {
    SessionSettings settings{.threads = raw.threads,
                             .log_level = parse_log_level(raw.log_level),
                             .summary_json = std::nullopt,
                             .lockstep = raw.lockstep};
    if (!raw.summary_json.empty()) {
        settings.summary_json = raw.summary_json;
        check_output_file(*settings.summary_json);
    }
    return settings;
}

int run_program(std::string_view program, const std::function<int()>& body) {
    try {
        return body();
    } catch (const UsageError& error) {
        std::cerr << program << ": " << error.message << " (see --help)\n";
        return exit_usage;
    } catch (const Unreachable& error) {
        std::cerr << program << ": " << error.what() << '\n';
        return exit_unreachable;
    } catch (const std::exception& error) {
        std::cerr << program << ": " << error.what() << '\n';
        return exit_failure;
    }
}

}  // namespace liquid_apps
