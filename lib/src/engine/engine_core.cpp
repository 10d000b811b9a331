#include "engine_core.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "record_pool.hpp"

namespace liquid_energy::core::detail {
namespace {

std::optional<ConflationRule> conflation_of(const Admission& admission) {
    const BacklogPolicy& policy = admission.treatment(EventType::MARKET_DATA).policy;
    if (policy.overflow != OverflowPolicy::conflate) return std::nullopt;
    return ConflationRule{EventType::MARKET_DATA, policy.conflation_key};
}

std::chrono::steady_clock::duration dispatcher_spin(const EngineOptions& options,
                                                    const Lifecycle& lifecycle) {
    // Spinning on a caller's executor, or on a single thread, would hold up other work.
    return lifecycle.has_spare_thread() ? options.dispatcher_spin
                                        : std::chrono::steady_clock::duration::zero();
}

}  // namespace

EngineCore::EngineCore(CreateKey, EngineOptions options)
    : options_(std::move(options)),
      admission_(options_),
      lifecycle_(options_.threads, admission_, [this] { discard_held(); }),
      ledger_(admission_, lifecycle_, [this](Event error) { put(std::move(error)); }),
      dispatcher_(routing_board_, admission_, ledger_, conflation_of(admission_),
                  dispatcher_spin(options_, lifecycle_)) {}

EngineCore::EngineCore(CreateKey, boost::asio::any_io_executor executor, EngineOptions options)
    : options_(std::move(options)),
      admission_(options_),
      lifecycle_(std::move(executor), admission_, [this] { discard_held(); }),
      ledger_(admission_, lifecycle_, [this](Event error) { put(std::move(error)); }),
      dispatcher_(routing_board_, admission_, ledger_, conflation_of(admission_),
                  dispatcher_spin(options_, lifecycle_)) {}

void EngineCore::start() {
    // Routes what was put before the first start.
    if (lifecycle_.start()) dispatcher_.wake();
}

void EngineCore::discard_held() {
    const std::size_t held = dispatcher_.discard_queued();
    ledger_.totals().add_discarded(held);
    // Not ledger_.complete(): the lifecycle runs this under its lock and tells its idle waiters
    // itself, and on_idle() would take that lock again.
    admission_.complete(held);
}

void EngineCore::register_listener(std::shared_ptr<EventListener> listener,
                                   ListenerOptions options) {
    if (!listener) throw std::invalid_argument("register_listener: the listener is null");
    std::lock_guard lock(registry_mutex_);
    for (const auto& slot : routing()->slots()) {
        if (slot->listener()->name() == listener->name()) {
            throw std::invalid_argument("register_listener: a listener named '" + listener->name() +
                                        "' is already registered");
        }
    }
    const std::size_t limit =
        options.max_backlog != 0 ? options.max_backlog : options_.listener_backlog;
    auto slot = std::make_shared<ListenerSlot>(
        std::move(listener), limit, std::shared_ptr<DeliveryLedger>(shared_from_this(), &ledger_));
    slot->connection = registry_.connect([weak = std::weak_ptr(slot)](RoutingTable::Slots& slots) {
        if (auto live = weak.lock()) slots.push_back(std::move(live));
    });
    publish_routing();
}

bool EngineCore::unregister_listener(const std::shared_ptr<EventListener>& listener) {
    if (!listener) return false;
    std::shared_ptr<ListenerSlot> slot;
    {
        std::lock_guard lock(registry_mutex_);
        slot = find_slot(*listener);
        if (!slot) return false;
        slot->connection.disconnect();
        publish_routing();
    }
    slot->deactivate(/*wait=*/!HandlerScope::inside(lifecycle_));
    return true;
}

std::vector<std::shared_ptr<EventListener>> EngineCore::listeners() const {
    const auto table = routing();
    std::vector<std::shared_ptr<EventListener>> result;
    result.reserve(table->slots().size());
    for (const auto& slot : table->slots()) result.push_back(slot->listener());
    return result;
}

std::vector<ListenerStats> EngineCore::listener_stats() const {
    const auto table = routing();
    std::vector<ListenerStats> result;
    result.reserve(table->slots().size());
    for (const auto& slot : table->slots()) result.push_back(slot->stats());
    return result;
}

std::shared_ptr<ListenerSlot> EngineCore::find_slot(const EventListener& listener) const {
    for (const auto& slot : routing()->slots()) {
        if (slot->listener().get() == &listener) return slot;
    }
    return nullptr;
}

void EngineCore::publish_routing() {
    RoutingTable::Slots slots;
    registry_(slots);
    routing_board_.publish(std::move(slots));
}

PutStatus EngineCore::put(Event event) {
    EventRecord* record = EventAccess::take(std::move(event));
    if (record == nullptr)
        throw std::invalid_argument("EventEngine::put: the event was moved from");
    std::optional<Clock::time_point> deadline;
    for (;;) {
        if (const auto status = admit(record, Admission::Waiter::this_thread)) return *status;
        if (!deadline) deadline = Clock::now() + block_timeout_of(record->type);
        if (!admission_.wait_for_room(record->type, *deadline, *this)) {
            return refuse(record, PutStatus::timed_out);
        }
    }
}

std::optional<PutStatus> EngineCore::try_put(EventRecord* record) {
    return admit(record, Admission::Waiter::async);
}

std::optional<PutStatus> EngineCore::admit(EventRecord* record, Admission::Waiter waiter) {
    const std::uint64_t backlog = admission_.count_in();
    if (!accepting()) {
        ledger_.complete(1);
        return refuse(record, PutStatus::stopped);
    }
    switch (admission_.decide(record->type, backlog, waiter, *this)) {
        case Admission::Verdict::admitted:
            break;
        case Admission::Verdict::refused:
            ledger_.complete(1);
            return refuse(record, PutStatus::backlog_full);
        case Admission::Verdict::must_wait:
            ledger_.complete(1);
            return std::nullopt;
    }
    accepted_.fetch_add(1, std::memory_order_relaxed);
    admission_.admitted(backlog);
    dispatcher_.push(record, admission_.treatment(record->type).lane);
    // Held until start() when not started; start() wakes the dispatcher then.
    if (lifecycle_.started()) dispatcher_.wake();
    return PutStatus::accepted;
}

void EngineCore::wait_for_room_async(std::shared_ptr<RoomWaiter> waiter, EventType type) {
    admission_.wait_for_room_async(std::move(waiter), type, *this);
}

bool EngineCore::routed_listener_overloaded(EventType type) const {
    const auto table = routing();
    bool overloaded = false;
    table->for_each_route(type, [&](std::uint32_t index) {
        overloaded = overloaded || table->slots()[index]->overloaded();
    });
    return overloaded;
}

PutStatus EngineCore::refuse(EventRecord* record, PutStatus reason) {
    const EventType type = record->type;
    RecordPool::release(record);
    ledger_.totals().count_rejected(reason);
    const auto table = routing();
    table->for_each_route(
        type, [&](std::uint32_t index) { table->slots()[index]->count_rejected(reason); });
    return reason;
}

EngineStats EngineCore::stats() const noexcept {
    EngineStats stats{.accepted = accepted_.load(std::memory_order_relaxed),
                      .backlog = admission_.backlog(),
                      .peak_backlog = admission_.peak_backlog(),
                      .blocked_producers = admission_.waiting_producers()};
    ledger_.totals().fill(stats);
    return stats;
}

}  // namespace liquid_energy::core::detail
