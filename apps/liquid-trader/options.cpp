#include "options.hpp"

#include <chrono>
#include <string>

#include <boost/program_options.hpp>

#include "liquid_apps/auth.hpp"

namespace liquid_trader {
namespace {

namespace po = boost::program_options;
using liquid_apps::UsageError;

/// Beyond this a round's quotes and orders could overflow the exchange link's writer.
constexpr std::uint64_t max_round_ticks = 4096;

struct RawOptions {
    std::string feed;
    std::string exchange;
    std::uint64_t window = 0;
    liquid_apps::SessionCommandLine session;
    unsigned reconnect_delay_ms = 0;
    unsigned reconnect_max_delay_ms = 0;
    unsigned reconnect_attempts = 0;
    std::string auth_token_file;
    liquid_apps::TlsCommandLine tls;
    liquid_apps::NatsCommandLine nats;
    std::string name;
};

void describe_reconnection(po::options_description& description, RawOptions& raw) {
    auto add = description.add_options();
    add("reconnect-delay", po::value(&raw.reconnect_delay_ms)->default_value(100),
        "milliseconds before the second attempt to reconnect a link (the first is at once); "
        "the wait doubles with each attempt");
    add("reconnect-max-delay", po::value(&raw.reconnect_max_delay_ms)->default_value(2000),
        "the longest wait between two attempts, in milliseconds");
    add("reconnect-attempts", po::value(&raw.reconnect_attempts)->default_value(10),
        "failed attempts in a row after which a link gives up and the session ends");
}

po::options_description describe(RawOptions& raw) {
    po::options_description description(
        "liquid-trader: two strategies, a risk check and a position book in one engine, trading "
        "on liquid-feed's market data through liquid-exchange\nOptions");
    liquid_apps::add_session_options(
        description, raw.session,
        "one tick at a time on one thread: the same result as liquid-demo --lockstep");
    auto add = description.add_options();
    add("feed", po::value(&raw.feed)->default_value("127.0.0.1:7401"), "liquid-feed's HOST:PORT");
    add("exchange", po::value(&raw.exchange)->default_value("127.0.0.1:7402"),
        "liquid-exchange's HOST:PORT");
    add("window", po::value(&raw.window)->default_value(256),
        "ticks asked of the feed per round, each round closed with the exchange (not in "
        "lockstep)");
    describe_reconnection(description, raw);
    add("auth-token-file", po::value(&raw.auth_token_file),
        "open both links with the token on this file's first line (servers' --auth-token-file)");
    liquid_apps::add_tls_options(description, raw.tls, liquid_apps::TlsRole::client);
    liquid_apps::add_nats_options(description, raw.nats);
    add("name", po::value(&raw.name)->default_value("trader"),
        "over NATS, this trader's name: the exchange answers it by name, and its durable "
        "consumers resume by it; letters, digits, '_' and '-'");
    return description;
}

liquid_apps::ReconnectPolicy reconnect_policy(const RawOptions& raw) {
    if (raw.reconnect_delay_ms == 0 || raw.reconnect_delay_ms > raw.reconnect_max_delay_ms) {
        throw UsageError{"--reconnect-delay must be positive and at most --reconnect-max-delay"};
    }
    if (raw.reconnect_attempts == 0) throw UsageError{"--reconnect-attempts must be at least 1"};
    return {.initial_delay = std::chrono::milliseconds(raw.reconnect_delay_ms),
            .max_delay = std::chrono::milliseconds(raw.reconnect_max_delay_ms),
            .max_attempts = raw.reconnect_attempts};
}

Options validate(const RawOptions& raw) {
    if (raw.window == 0 || raw.window > max_round_ticks) {
        throw UsageError{"--window must be from 1 to " + std::to_string(max_round_ticks)};
    }
    return Options{
        .feed = liquid_apps::parse_address(raw.feed, "feed"),
        .exchange = liquid_apps::parse_address(raw.exchange, "exchange"),
        .round_ticks = raw.window,
        .session = liquid_apps::read_session_options(raw.session),
        .reconnect = reconnect_policy(raw),
        .auth_token = raw.auth_token_file.empty()
                          ? std::nullopt
                          : std::optional(liquid_apps::read_auth_token(raw.auth_token_file)),
        .tls = liquid_apps::read_tls_options(raw.tls, liquid_apps::TlsRole::client),
        .nats = liquid_apps::read_nats_options(raw.nats),
        .name = liquid_apps::checked_token("name", raw.name)};
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
    return liquid_apps::parse_options<RawOptions>(argc, argv, describe, validate);
}

}  // namespace liquid_trader
