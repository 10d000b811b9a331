#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::nats {

/// How a Bridge reaches the broker and what it carries.
struct BridgeOptions {
    /// The server URLs (`nats://127.0.0.1:4222`); a cluster is the list of its members.
    std::vector<std::string> servers;
    /// The JetStream stream, created if missing (file storage, limits retention) over
    /// `<prefix>.>`.
    std::string stream = "LIQUID";
    /// The first token of every subject: `<prefix>.<TYPE_NAME>.<source>`.
    std::string prefix = "liquid";
    /// The subjects of a stream the bridge creates; empty: `<prefix>.>`.
    std::vector<std::string> stream_subjects;
    /// Local events of these types are published to the stream, those `export_filter` accepts
    /// when it is set (it runs on the exporter's strand, one event at a time).
    std::vector<core::EventType> export_types;
    std::function<bool(const core::Event&)> export_filter;
    /// When set, exported events carry this source instead of their own, in the subject and in
    /// the body: a process's name, so that the consumers of a shared subject tell senders apart.
    std::optional<std::string> export_source;
    /// The subject the durable consumer reads (wildcards allowed, e.g. `liquid.MARKET_DATA.>`);
    /// empty: nothing is imported.
    std::string import_subject;
    /// The durable consumer's name; required when `import_subject` is set. A restarted process
    /// that names the same consumer resumes where the last one acked.
    std::string durable;
    /// The source of the SYSTEM and ERROR events the bridge puts, and its log's name.
    std::string name = "nats-bridge";
    /// Import pacing: when set, an imported event it accepts is put only against a credit from
    /// `Bridge::grant_imports`, and the messages behind it wait with it, in order. Waiting
    /// messages are not acked, and count against `max_pending_acks`.
    std::function<bool(const core::Event&)> paced_import;
    /// Flow control: imported messages not yet acked, at most.
    std::size_t max_pending_acks = 1024;
    /// How long the stream waits for an ack before it redelivers a message.
    std::chrono::milliseconds ack_wait = std::chrono::seconds(30);
    /// How the connection retries: attempts per server at connect and after a loss, and the pause
    /// between them. After the last one the bridge gives up (an ERROR event).
    int connect_attempts = 60;
    std::chrono::milliseconds reconnect_wait = std::chrono::milliseconds(250);
    /// How long one publish waits for the stream's ack before it is retried.
    std::chrono::milliseconds publish_timeout = std::chrono::seconds(2);
    /// Bytes libnats buffers while disconnected; beyond it, exports wait in the exporter's backlog.
    int reconnect_buffer_bytes = 8 * 1024 * 1024;
    /// Limits of a stream the bridge creates.
    std::chrono::seconds max_age = std::chrono::hours(24);
    std::int64_t max_bytes = std::int64_t{1} << 30;
    /// Copies of a stream the bridge creates: 3 on a three-node cluster, at most its size.
    int replicas = 1;
};

/// The bridge's counters, read with `Bridge::stats()`.
struct BridgeStats {
    /// Events handed to the stream, and those it acknowledged (stored or known duplicates).
    std::uint64_t published = 0;
    std::uint64_t acknowledged = 0;
    /// Messages put into the engine, those delivered more than once, and the redelivered ones
    /// skipped because this process had already handled them.
    std::uint64_t imported = 0;
    std::uint64_t redelivered = 0;
    std::uint64_t duplicates_skipped = 0;
    /// Imported messages handed to the engine and not yet acked.
    std::uint64_t pending_acks = 0;
    /// Exports given up (the connection closed) and imports the engine refused (redelivered).
    std::uint64_t refused = 0;
    /// Messages on the subjects that were not events: an ERROR event each, and terminated.
    std::uint64_t foreign = 0;
};

}  // namespace liquid_energy::nats
