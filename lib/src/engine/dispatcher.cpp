#include "dispatcher.hpp"

#include <chrono>
#include <thread>

#include <boost/asio/post.hpp>

#include "record_pool.hpp"

namespace liquid_energy::core::detail {
namespace {

// Events of each lane routed per round: enough to amortise the appends, few enough that urgent
// events, which every round takes first, wait little.
constexpr std::size_t round_size = 256;
// Without spinning, rounds in one run before the thread is handed back to other work.
constexpr unsigned rounds_per_turn = 16;

}  // namespace

Dispatcher::Dispatcher(const RoutingBoard& routing, Admission& admission, DeliveryLedger& ledger,
                       std::optional<ConflationRule> conflation,
                       std::chrono::steady_clock::duration spin)
    : routing_board_(routing),
      admission_(admission),
      ledger_(ledger),
      conflation_(std::move(conflation)),
      spin_(spin),
      executor_(ledger.lifecycle().executor()) {}

Dispatcher::~Dispatcher() { discard_queued(); }

void Dispatcher::push(EventRecord* record, Lane lane) {
    // The record's own link is free unless another handle exists, which may have been put too.
    IngressNode* node = record->references.load(std::memory_order_relaxed) == 1
                            ? &record->ingress_node
                            : new IngressNode;
    node->record = record;
    node->type = record->type;
    (lane == Lane::urgent ? urgent_ : normal_).push(node);
}

void Dispatcher::wake() {
    if (scheduled_.load(std::memory_order_seq_cst) || scheduled_.exchange(true)) return;
    post_run();
}

std::size_t Dispatcher::discard_queued() {
    std::size_t discarded = 0;
    for (IngressQueue* queue : {&urgent_, &normal_}) {
        while (IngressNode* node = queue->pop()) {
            EventRecord* record = node->record;
            if (node != &record->ingress_node) delete node;
            RecordPool::release(record);
            ++discarded;
        }
    }
    return discarded;
}

void Dispatcher::post_run() {
    boost::asio::post(executor_, [this, owner = owner_.lock()] { run(); });
}

void Dispatcher::run() {
    using Clock = std::chrono::steady_clock;
    Clock::time_point idle_since{};
    for (unsigned rounds = 1;; ++rounds) {
        if (route_round() != 0) {
            if (handed_batch_ && !run_handed_batch()) return;
            idle_since = {};
            // Batches posted to the executor may be waiting for this very thread.
            if (ledger_.queued_batches() != 0 ||
                (spin_ == Clock::duration::zero() && rounds >= rounds_per_turn)) {
                post_run();
                return;
            }
            continue;
        }
        if (spin_ != Clock::duration::zero() && ledger_.queued_batches() == 0) {
            const auto now = Clock::now();
            if (idle_since == Clock::time_point{}) idle_since = now;
            if (now - idle_since < spin_) {
                std::this_thread::yield();
                continue;
            }
        }
        if (go_idle()) return;
    }
}

bool Dispatcher::go_idle() {
    if (!urgent_.empty() || !normal_.empty()) return false;
    scheduled_.store(false, std::memory_order_seq_cst);
    // From here another run may start at any moment: touch only what producers touch.
    if (!urgent_.pushed_since_empty() && !normal_.pushed_since_empty()) return true;
    // A producer that saw the run still scheduled did not post another: carry on, unless one did.
    return scheduled_.exchange(true);
}

std::size_t Dispatcher::route_round() {
    refresh_routing();
    std::size_t routed = 0;
    // Each lane has a round's worth: urgent events go first, yet a flood of them (a handler
    // feeding its own urgent type) cannot keep the normal ones from being routed.
    for (const Lane lane : {Lane::urgent, Lane::normal}) {
        IngressQueue& queue = lane == Lane::urgent ? urgent_ : normal_;
        for (std::size_t taken = 0; taken < round_size; ++taken, ++routed) {
            IngressNode* node = queue.pop();
            if (node == nullptr) break;
            // The event may have been put after a registration that this round has not seen.
            if (routing_board_.version() != routing_version_) {
                flush();
                refresh_routing();
            }
            route(node, lane);
        }
    }
    if (routed == 0) return 0;
    flush();
    return routed;
}

void Dispatcher::route(IngressNode* node, Lane lane) {
    EventRecord* record = node->record;
    const EventType type = node->type;
    if (node != &record->ingress_node) delete node;
    std::uint32_t routes = 0;
    routing_->for_each_route(type, [&](std::uint32_t index) {
        Staging& staging = staging_[index];
        if (staging.urgent.empty() && staging.normal.empty()) touched_.push_back(index);
        (lane == Lane::urgent ? staging.urgent : staging.normal).push_back(record);
        ++routes;
    });
    if (routes == 0) {
        RecordPool::release(record);
        ++finished_deliveries_;
        return;
    }
    // The put's reference goes to the first listener; each other listener needs one of its own.
    if (routes > 1) RecordPool::retain(record, routes - 1);
    added_deliveries_ += routes - 1;
}

void Dispatcher::flush() {
    deliver_staged();
    for (ListenerSlot* slot : woken_) {
        if (handed_batch_) {
            slot->post_batch();
        } else {
            handed_batch_ = slot->shared_from_this();
        }
    }
    woken_.clear();
}

bool Dispatcher::run_handed_batch() {
    const auto slot = std::move(handed_batch_);
    if (go_idle()) {
        // Routing is free while the handler runs: a put meanwhile starts a run on another
        // thread, so a handler that blocks holds up only its own listener.
        slot->dispatch_batch();
        // Carries on routing unless a put has started another run meanwhile.
        return !scheduled_.exchange(true);
    }
    // Events wait: the next run routes them on another thread while this one runs the batch.
    post_run();
    slot->dispatch_batch();
    return false;
}

void Dispatcher::deliver_staged() {
    // Counted before any listener can count them down, so the engine never looks idle too early.
    if (added_deliveries_ != 0) admission_.add(std::exchange(added_deliveries_, 0));
    const ConflationRule* rule = conflation_ ? &*conflation_ : nullptr;
    for (const std::uint32_t index : touched_) {
        Staging& staging = staging_[index];
        ListenerSlot& slot = *routing_->slots()[index];
        if (slot.deliver(staging.urgent, staging.normal, rule, finished_deliveries_)) {
            woken_.push_back(&slot);
        }
        staging.urgent.clear();
        staging.normal.clear();
    }
    touched_.clear();
    if (finished_deliveries_ != 0) ledger_.complete(std::exchange(finished_deliveries_, 0));
}

void Dispatcher::refresh_routing() {
    const std::uint64_t version = routing_board_.version();
    if (routing_ && version == routing_version_) return;
    routing_ = routing_board_.current();
    routing_version_ = version;
    staging_.resize(routing_->slots().size());
}

}  // namespace liquid_energy::core::detail
