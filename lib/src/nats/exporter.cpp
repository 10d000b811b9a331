#include "exporter.hpp"

#include <chrono>
#include <thread>

#include <unistd.h>

#include "liquid_energy/nats/subject.hpp"
#include "liquid_energy/wire/json_line.hpp"
#include "log.hpp"

namespace liquid_energy::nats::detail {

namespace {

// Unique among the processes of the hosts sharing a stream, and across restarts of one.
std::string instance_id() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::string(host) + "-" + std::to_string(getpid()) + "-" +
           std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
}

bool worth_retrying(natsStatus status) {
    return status != NATS_CONNECTION_CLOSED && status != NATS_INVALID_ARG;
}

}  // namespace

Exporter::Exporter(const BridgeOptions& options, std::shared_ptr<Connection> connection,
                   std::shared_ptr<Ledger> ledger)
    : EventListener(options.name + "-export", options.export_types),
      prefix_(options.prefix),
      filter_(options.export_filter),
      source_(options.export_source),
      instance_(instance_id()),
      publish_timeout_ms_(options.publish_timeout.count()),
      connection_(std::move(connection)),
      ledger_(std::move(ledger)) {}

bool Exporter::accepts(const core::Event& event) const {
    return !ledger_->marks.marked(&event.data()) && (!filter_ || filter_(event));
}

void Exporter::handle_event(const core::Event& event) {
    auto message = make_message(event);
    ++ledger_->counters.published;
    if (publish(message.get())) {
        ++ledger_->counters.acknowledged;
        return;
    }
    ++ledger_->counters.refused;
    BOOST_LOG_SEV(nats_logger(), boost::log::trivial::error)
        << name() << ": gave up publishing on " << natsMsg_GetSubject(message.get());
}

MessagePtr Exporter::make_message(const core::Event& local) {
    const auto event =
        source_ ? core::Event(local.type(), local.data(), source_, local.timestamp()) : local;
    const auto subject = subject_for(prefix_, event);
    const auto body = wire::encode_json_line(event);
    natsMsg* raw = nullptr;
    check_status("natsMsg_Create", natsMsg_Create(&raw, subject.c_str(), nullptr, body.data(),
                                                  static_cast<int>(body.size())));
    MessagePtr message(raw);
    const auto id = instance_ + "-" + std::to_string(++sequence_);
    check_status("natsMsgHeader_Set", natsMsgHeader_Set(raw, "Nats-Msg-Id", id.c_str()));
    return message;
}

bool Exporter::publish(natsMsg* message) {
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MaxWait = publish_timeout_ms_;
    while (!abandoned_) {
        jsPubAck* ack = nullptr;
        jsErrCode js_error{};
        const auto status =
            js_PublishMsg(&ack, connection_->jet_stream.get(), message, &options, &js_error);
        jsPubAck_Destroy(ack);
        if (status == NATS_OK) return true;
        if (!worth_retrying(status)) return false;
        BOOST_LOG_SEV(nats_logger(), boost::log::trivial::warning)
            << name()
            << ": retrying a publish: " << describe_status("js_PublishMsg", status, js_error);
        // A failed request may come back at once while disconnected: pace the retries.
        if (status != NATS_TIMEOUT)
            std::this_thread::sleep_for(std::chrono::milliseconds(publish_timeout_ms_ / 4 + 1));
    }
    return false;
}

}  // namespace liquid_energy::nats::detail
