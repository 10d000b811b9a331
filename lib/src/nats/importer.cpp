#include "importer.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include "imported_event.hpp"
#include "log.hpp"

namespace liquid_energy::nats::detail {

namespace {

constexpr std::size_t max_batch = 256;
constexpr std::int64_t fetch_timeout_ms = 200;
// Redeliveries older than this many messages are no longer recognised as duplicates.
constexpr std::size_t remembered_sequences = 1 << 16;

/// How many messages to fetch with `room` for them. libnats before 3.9 (Debian 12 has 3.4.1)
/// overruns the array a fetch of more than one returns when messages of an earlier fetch were
/// still queued at its start (nats.c pull request 749): fetch one at a time there.
int fetch_size(std::size_t room) {
    static const bool batches_are_safe = nats_GetVersionNumber() >= 0x030900;
    return batches_are_safe ? static_cast<int>(std::min(room, max_batch)) : 1;
}

}  // namespace

Importer::Importer(core::EventEngine& engine, Strand strand, BridgeOptions options,
                   std::shared_ptr<Connection> connection, std::shared_ptr<Ledger> ledger)
    : engine_(engine),
      strand_(std::move(strand)),
      options_(std::move(options)),
      connection_(std::move(connection)),
      ledger_(std::move(ledger)),
      counters_(ledger_->counters),
      marks_(ledger_->marks),
      seen_(remembered_sequences) {}

Importer::~Importer() { close(); }

void Importer::start() {
    jsSubOptions sub_options;
    jsSubOptions_Init(&sub_options);
    sub_options.Stream = options_.stream.c_str();
    sub_options.Config.AckPolicy = js_AckExplicit;
    sub_options.Config.DeliverPolicy = js_DeliverAll;
    sub_options.Config.MaxAckPending = static_cast<std::int64_t>(options_.max_pending_acks);
    sub_options.Config.AckWait = std::chrono::nanoseconds(options_.ack_wait).count();
    natsSubscription* raw = nullptr;
    const auto bound = request_until_answered(options_, [&](jsErrCode& js_error) {
        return js_PullSubscribe(&raw, connection_->jet_stream.get(),
                                options_.import_subject.c_str(), options_.durable.c_str(), nullptr,
                                &sub_options, &js_error);
    });
    check_status("js_PullSubscribe", bound.status, bound.js_error);
    subscription_.reset(raw);
    thread_ = std::thread([this] { fetch_loop(); });
}

void Importer::close() {
    closed_.store(true);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    room_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Importer::fetch_loop() {
    for (;;) {
        std::size_t room = 0;
        {
            std::unique_lock lock(mutex_);
            room_.wait(lock, [&] { return stopping_ || unacked_ < options_.max_pending_acks; });
            if (stopping_) break;
            room = options_.max_pending_acks - unacked_;
        }
        fetch_batch(fetch_size(room));
    }
    // Gone when the importer is being destroyed: nobody waits for a drain then.
    if (auto self = weak_from_this().lock()) {
        boost::asio::post(strand_, [self] {
            self->fetch_done_ = true;
            self->maybe_drained();
        });
    }
}

void Importer::fetch_batch(int room) {
    natsMsgList list{};
    jsErrCode js_error{};
    const auto status =
        natsSubscription_Fetch(&list, subscription_.get(), room, fetch_timeout_ms, &js_error);
    auto self = weak_from_this().lock();
    if (status == NATS_OK && self) {
        {
            std::lock_guard lock(mutex_);
            unacked_ += static_cast<std::size_t>(list.Count);
        }
        for (int i = 0; i < list.Count; ++i) {
            boost::asio::post(strand_, [self, message = MessagePtr(list.Msgs[i])]() mutable {
                self->receive(std::move(message));
            });
            list.Msgs[i] = nullptr;
        }
    } else if (status != NATS_TIMEOUT) {
        // Disconnected or refused: let the connection recover before asking again.
        std::unique_lock lock(mutex_);
        room_.wait_for(lock, options_.reconnect_wait, [&] { return stopping_; });
    }
    natsMsgList_Destroy(&list);
}

void Importer::receive(MessagePtr message) {
    // Fetched before close(): not put, not acked, so redelivered to a successor.
    if (closed_.load()) return;
    ++counters_.pending_acks;
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, message.get()) != NATS_OK) {
        reject_foreign(std::move(message), "not a JetStream message");
        return;
    }
    const auto sequence = meta->Sequence.Stream;
    const bool redelivered = meta->NumDelivered > 1;
    jsMsgMetaData_Destroy(meta);
    if (redelivered) ++counters_.redelivered;
    if (!seen_.insert(sequence)) {
        ++counters_.duplicates_skipped;
        // Still waiting for a credit: acking this copy would ack a message not handled yet.
        if (is_held(sequence)) return release(1);
        pending_.push_back({std::move(message), std::nullopt});
        ack_when_idle();
        return;
    }
    import(std::move(message), sequence);
}

void Importer::import(MessagePtr message, std::uint64_t sequence) {
    const std::string_view body(natsMsg_GetData(message.get()),
                                static_cast<std::size_t>(natsMsg_GetDataLength(message.get())));
    auto decoded = decode_imported_event(body);
    if (!decoded.event) {
        reject_foreign(std::move(message), decoded.reason);
        return;
    }
    held_.push_back({std::move(message), sequence, *std::move(decoded.event)});
    put_held();
}

void Importer::put_held() {
    while (!held_.empty() && !closed_.load()) {
        auto& front = held_.front();
        const bool paced = options_.paced_import && options_.paced_import(front.event);
        if (paced && credits_ == 0) return;
        auto held = std::move(front);
        held_.pop_front();
        // A refused put is redelivered, and then needs its credit again.
        if (put(std::move(held.message), held.sequence, std::move(held.event)) && paced) {
            --credits_;
        }
    }
}

bool Importer::put(MessagePtr message, std::uint64_t sequence, core::Event event) {
    core::Event imported = event;
    marks_.mark(&imported.data());
    if (!engine_.put(std::move(event))) {
        marks_.unmark(&imported.data());
        seen_.erase(sequence);
        ++counters_.refused;
        natsMsg_Nak(message.get(), nullptr);
        release(1);
        return false;
    }
    ++counters_.imported;
    pending_.push_back({std::move(message), std::move(imported)});
    ack_when_idle();
    return true;
}

bool Importer::is_held(std::uint64_t sequence) const {
    return std::any_of(held_.begin(), held_.end(),
                       [sequence](const Held& held) { return held.sequence == sequence; });
}

void Importer::grant(std::uint64_t count) {
    boost::asio::post(strand_, [self = shared_from_this(), count] {
        constexpr auto most = std::numeric_limits<std::uint64_t>::max();
        self->credits_ = count > most - self->credits_ ? most : self->credits_ + count;
        self->put_held();
    });
}

void Importer::drop_held() {
    const std::size_t count = held_.size();
    held_.clear();
    release(count);
}

void Importer::reject_foreign(MessagePtr message, const std::string& reason) {
    ++counters_.foreign;
    const std::string subject = natsMsg_GetSubject(message.get());
    BOOST_LOG_SEV(nats_logger(), boost::log::trivial::error)
        << options_.name << ": not an event on " << subject << ": " << reason;
    engine_.put(
        core::Event(core::EventType::ERROR,
                    {{"error", "foreign NATS message"}, {"subject", subject}, {"reason", reason}},
                    options_.name));
    natsMsg_Term(message.get(), nullptr);
    release(1);
}

void Importer::ack_when_idle() {
    // Not after close(): the bridge is gone and the engine may be stopping, and a wait begun now
    // would complete on a strand of an io_context that the engine's destructor tears down.
    if (closed_.load() || waiting_idle_ || pending_.empty()) return;
    waiting_idle_ = true;
    // Every message put before the wait began has been handled by every listener when it ends.
    engine_.async_wait_idle(
        boost::asio::bind_executor(strand_, [self = shared_from_this(), count = pending_.size()] {
            self->waiting_idle_ = false;
            // Closed while waiting: left unacked, as close() promises, for redelivery.
            if (self->closed_.load()) {
                self->drop_pending();
            } else {
                self->ack_front(count);
            }
            self->ack_when_idle();
            self->maybe_drained();
        }));
}

void Importer::ack_front(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        auto& front = pending_.front();
        natsMsg_Ack(front.message.get(), nullptr);
        if (front.imported) marks_.unmark(&front.imported->data());
        pending_.pop_front();
    }
    release(count);
}

void Importer::drop_pending() {
    const std::size_t count = pending_.size();
    for (const auto& entry : pending_) {
        if (entry.imported) marks_.unmark(&entry.imported->data());
    }
    pending_.clear();
    release(count);
}

void Importer::release(std::size_t count) {
    counters_.pending_acks -= count;
    {
        std::lock_guard lock(mutex_);
        unacked_ -= count;
    }
    room_.notify_all();
}

void Importer::async_drain(std::function<void()> drained) {
    boost::asio::post(strand_, [self = shared_from_this(), drained = std::move(drained)]() mutable {
        self->drained_ = std::move(drained);
        {
            std::lock_guard lock(self->mutex_);
            self->stopping_ = true;
        }
        self->room_.notify_all();
        self->drop_held();
        self->maybe_drained();
    });
}

void Importer::maybe_drained() {
    if (!drained_ || !fetch_done_ || waiting_idle_ || !pending_.empty()) return;
    boost::asio::post(strand_, std::exchange(drained_, nullptr));
}

}  // namespace liquid_energy::nats::detail
