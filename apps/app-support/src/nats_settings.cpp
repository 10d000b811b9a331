#include "liquid_apps/nats_settings.hpp"

#include <algorithm>
#include <cctype>

#include <boost/program_options/value_semantic.hpp>

#include "liquid_apps/cli.hpp"
#include "liquid_energy/nats/subject.hpp"

namespace liquid_apps {
namespace {

namespace po = boost::program_options;

constexpr auto default_stream = "LIQUID";

bool is_server_url(const std::string& url) {
    return url.starts_with("nats://") || url.starts_with("tls://");
}

}  // namespace

std::string NatsSettings::subject_root() const {
    std::string root = stream;
    std::transform(root.begin(), root.end(), root.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return root;
}

std::string server_list(const std::vector<std::string>& servers) {
    std::string list;
    for (const auto& server : servers) list += (list.empty() ? "" : ",") + server;
    return list;
}

liquid_energy::nats::BridgeOptions NatsSettings::bridge_options(std::string name) const {
    liquid_energy::nats::BridgeOptions options;
    options.servers = servers;
    options.stream = stream;
    options.prefix = subject_root();
    options.stream_subjects = {subject_root() + ".>"};
    options.name = std::move(name);
    return options;
}

std::string checked_token(std::string_view option, const std::string& value) {
    if (value.empty() || liquid_energy::nats::escape_subject_token(value) != value) {
        throw UsageError{"--" + std::string(option) + " " + value +
                         " must be letters, digits, '_' and '-' only"};
    }
    return value;
}

void add_nats_options(po::options_description& description, NatsCommandLine& raw) {
    description.add_options()(
        "nats", po::value(&raw.servers)->composing(),
        "talk through this NATS JetStream server instead of TCP links (nats://HOST:PORT); "
        "repeat it for each member of a cluster")(
        "stream", po::value(&raw.stream)->default_value(default_stream),
        "the JetStream stream, created if missing; its name in lower case starts every subject");
}

std::optional<NatsSettings> read_nats_options(const NatsCommandLine& raw) {
    if (raw.servers.empty()) return std::nullopt;
    for (const auto& server : raw.servers) {
        if (!is_server_url(server)) {
            throw UsageError{"--nats " + server + " is not a nats:// or tls:// URL"};
        }
    }
    return NatsSettings{.servers = raw.servers, .stream = checked_token("stream", raw.stream)};
}

}  // namespace liquid_apps
