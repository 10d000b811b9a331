#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options/options_description.hpp>

#include "liquid_energy/nats/bridge_options.hpp"

// The sample programs over NATS JetStream (README, "Scale-out with NATS"): `--nats URL`
// (repeatable: a cluster's members) and `--stream NAME` make liquid-feed, liquid-exchange and
// liquid-trader talk through the broker instead of their TCP links. Every subject starts with the
// stream's name in lower case (`liquid` for the default stream LIQUID):
//   <root>.<TYPE>.feed                     the feed's market data, errors and end_of_data;
//   <root>.orders.<TYPE>.<trader>          what a trader sends the exchange, with its name as
//                                          source: quotes, orders, cancels, barriers;
//   <root>.reports.<trader>.<TYPE>.exchange  the exchange's answers to that trader.
namespace liquid_apps {

/// The NATS options as given, before they are read.
struct NatsCommandLine {
    std::vector<std::string> servers;
    std::string stream;
};

/// Where the programs meet over NATS.
struct NatsSettings {
    std::vector<std::string> servers;
    std::string stream;

    /// The first token of every subject: the stream's name in lower case.
    std::string subject_root() const;
    /// A bridge's options on these settings, named `name`: the servers, and the stream over
    /// `<root>.>`, created if missing.
    liquid_energy::nats::BridgeOptions bridge_options(std::string name) const;
};

/// The servers, comma-separated, for a log line or a link's address.
std::string server_list(const std::vector<std::string>& servers);

/// `value` if it is one subject token as it is (letters, digits, '_' and '-'); else throws
/// UsageError naming `option`.
std::string checked_token(std::string_view option, const std::string& value);

/// Adds --nats and --stream to `description`.
void add_nats_options(boost::program_options::options_description& description,
                      NatsCommandLine& raw);

/// The settings, or nothing without --nats (the TCP links). Throws UsageError for a stream name
/// that is not a checked_token, or a server that is not a nats:// or tls:// URL.
std::optional<NatsSettings> read_nats_options(const NatsCommandLine& raw);

}  // namespace liquid_apps
