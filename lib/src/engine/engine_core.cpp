#include "engine_core.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/json/value.hpp>

#include "log.hpp"
#include "record_pool.hpp"

namespace liquid_energy::core::detail {
namespace {

thread_local const EngineCore* current_handler_core = nullptr;

std::size_t resolve_thread_count(const EngineOptions& options) {
    if (options.threads != 0) return options.threads;
    return std::max(1U, std::thread::hardware_concurrency());
}

std::optional<ConflationRule> conflation_of(const TypePolicies& policies) {
    const BacklogPolicy& policy = policies.of(EventType::MARKET_DATA).policy;
    if (policy.overflow != OverflowPolicy::conflate) return std::nullopt;
    return ConflationRule{EventType::MARKET_DATA, policy.conflation_key};
}

}  // namespace

HandlerScope::HandlerScope(const EngineCore& core) noexcept
    : previous_(std::exchange(current_handler_core, &core)) {}

HandlerScope::~HandlerScope() { current_handler_core = previous_; }

bool HandlerScope::inside(const EngineCore& core) noexcept { return current_handler_core == &core; }

EngineCore::EngineCore(EngineOptions options)
    : options_(std::move(options)),
      policies_(options_),
      conflation_(conflation_of(policies_)),
      owned_context_(std::make_shared<boost::asio::io_context>()),
      executor_(owned_context_->get_executor()),
      thread_count_(resolve_thread_count(options_)),
      routing_(std::make_shared<const RoutingTable>(RoutingTable::Slots{})),
      dispatcher_(*this) {}

EngineCore::EngineCore(boost::asio::any_io_executor executor, EngineOptions options)
    : options_(std::move(options)),
      policies_(options_),
      conflation_(conflation_of(policies_)),
      executor_(std::move(executor)),
      thread_count_(0),
      routing_(std::make_shared<const RoutingTable>(RoutingTable::Slots{})),
      dispatcher_(*this) {
    if (!executor_) throw std::invalid_argument("EventEngine: the executor is empty");
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
    auto slot = std::make_shared<ListenerSlot>(std::move(listener), limit, *this);
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
    slot->deactivate(/*wait=*/!HandlerScope::inside(*this));
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
    auto published = std::make_shared<const RoutingTable>(std::move(slots));
    {
        std::lock_guard lock(routing_mutex_);
        routing_.swap(published);
    }
    routing_version_.fetch_add(1, std::memory_order_release);
}

std::shared_ptr<const RoutingTable> EngineCore::routing() const {
    std::lock_guard lock(routing_mutex_);
    return routing_;
}

PutStatus EngineCore::put(Event event) {
    EventRecord* record = EventAccess::take(std::move(event));
    if (record == nullptr)
        throw std::invalid_argument("EventEngine::put: the event was moved from");
    std::optional<Clock::time_point> deadline;
    for (;;) {
        if (const auto status = admit(record, Waiter::this_thread)) return *status;
        if (!deadline) deadline = Clock::now() + block_timeout_of(record->type);
        if (!wait_for_room(record->type, policies_.of(record->type).policy, *deadline)) {
            return refuse(record, PutStatus::timed_out);
        }
    }
}

std::optional<PutStatus> EngineCore::try_put(EventRecord* record) {
    return admit(record, Waiter::async);
}

std::optional<PutStatus> EngineCore::admit(EventRecord* record, Waiter waiter) {
    const TypePolicies::Treatment& treatment = policies_.of(record->type);
    // Counted before the state is read, so that a stop() that follows waits for this event.
    const std::uint64_t backlog = in_flight_.fetch_add(1);
    if (!accepting(state_.load())) {
        complete_deliveries(1);
        return refuse(record, PutStatus::stopped);
    }
    if (backlog >= options_.max_backlog ||
        overloaded_listeners_.load(std::memory_order_relaxed) != 0) {
        const Room room = room_for(record->type, treatment.policy, backlog, waiter);
        if (room != Room::available) {
            complete_deliveries(1);
            if (room == Room::refused) return refuse(record, PutStatus::backlog_full);
            return std::nullopt;
        }
    }
    accepted_.fetch_add(1, std::memory_order_relaxed);
    dispatcher_.push(record, treatment.lane);
    // Held until start() when not started; start() wakes the dispatcher then.
    if (state_.load() != State::created) dispatcher_.wake();
    return PutStatus::accepted;
}

std::chrono::steady_clock::duration EngineCore::block_timeout_of(EventType type) const {
    return policies_.of(type).policy.block_timeout;
}

bool EngineCore::accepting(State state) const noexcept {
    return state == State::running || state == State::created ||
           (state == State::stopping && HandlerScope::inside(*this));
}

EngineCore::Room EngineCore::room_for(EventType type, const BacklogPolicy& policy,
                                      std::uint64_t backlog, Waiter waiter) const {
    const bool engine_full = backlog >= options_.max_backlog;
    const bool listener_full = policy.overflow != OverflowPolicy::conflate &&
                               overloaded_listeners_.load(std::memory_order_relaxed) != 0 &&
                               routed_listener_overloaded(type);
    if (!engine_full && !listener_full) return Room::available;
    if (policy.overflow == OverflowPolicy::reject) return Room::refused;
    // A handler, or anything else on a thread the engine needs, waiting for room could be
    // waiting for itself; an asynchronous wait holds no thread.
    if (waiter == Waiter::this_thread && running_in_this_thread()) return Room::available;
    return Room::must_wait;
}

bool EngineCore::routed_listener_overloaded(EventType type) const {
    const auto table = routing();
    bool overloaded = false;
    table->for_each_route(type, [&](std::uint32_t index) {
        overloaded = overloaded || table->slots()[index]->overloaded();
    });
    return overloaded;
}

bool EngineCore::wait_for_room(EventType type, const BacklogPolicy& policy,
                               Clock::time_point deadline) {
    const auto room = [&] {
        return !accepting(state_.load()) ||
               room_for(type, policy, in_flight_.load(), Waiter::async) == Room::available;
    };
    // A backlog usually clears within microseconds: poll briefly before sleeping.
    const auto spin_until = std::min(deadline, Clock::now() + options_.dispatcher_spin);
    while (Clock::now() < spin_until) {
        if (room()) return true;
        std::this_thread::yield();
    }
    std::unique_lock lock(room_mutex_);
    waiting_producers_.fetch_add(1);
    const bool found = room_.wait_until(lock, deadline, room);
    waiting_producers_.fetch_sub(1);
    return found;
}

void EngineCore::wait_for_room_async(std::shared_ptr<RoomWaiter> waiter, EventType type) {
    {
        std::lock_guard lock(room_mutex_);
        waiting_producers_.fetch_add(1);
        room_waiters_.push_back(std::move(waiter));
    }
    // Room that came free between the waiter's refusal and its registration was announced to
    // nobody.
    if (!accepting(state_.load()) || room_for(type, policies_.of(type).policy, in_flight_.load(),
                                              Waiter::async) == Room::available) {
        notify_room();
    }
}

void EngineCore::notify_room() {
    if (waiting_producers_.load() == 0) return;
    std::vector<std::shared_ptr<RoomWaiter>> woken;
    {
        // Taken so that a producer between its check and its wait cannot miss the notification.
        std::lock_guard lock(room_mutex_);
        woken.swap(room_waiters_);
        waiting_producers_.fetch_sub(woken.size());
    }
    room_.notify_all();
    for (const auto& waiter : woken) waiter->room_may_be_free();
}

void EngineCore::adjust_overloaded(bool overloaded) {
    if (overloaded) {
        overloaded_listeners_.fetch_add(1);
        return;
    }
    overloaded_listeners_.fetch_sub(1);
    notify_room();
}

PutStatus EngineCore::refuse(EventRecord* record, PutStatus reason) {
    const EventType type = record->type;
    RecordPool::release(record);
    outcomes_.count_rejected(reason);
    const auto table = routing();
    table->for_each_route(
        type, [&](std::uint32_t index) { table->slots()[index]->count_rejected(reason); });
    return reason;
}

void EngineCore::add_in_flight(std::uint64_t count) noexcept { in_flight_.fetch_add(count); }

void EngineCore::sample_backlog() noexcept {
    const std::uint64_t backlog = in_flight_.load(std::memory_order_relaxed);
    if (backlog > peak_backlog_.load(std::memory_order_relaxed)) {
        peak_backlog_.store(backlog, std::memory_order_relaxed);
    }
}

void EngineCore::complete_deliveries(std::uint64_t count) {
    const bool idle = in_flight_.fetch_sub(count) == count;
    notify_room();
    if (!idle) return;
    if (idle_awaited_.load()) complete_idle_waiters();
    if (state_.load() == State::stopping) finish_drain();
}

void EngineCore::record(const BatchTally& tally) noexcept { outcomes_.add(tally); }

void EngineCore::report_failure(const Event& event, const std::string& listener,
                                std::string_view what) {
    BOOST_LOG_SEV(core_logger(), boost::log::trivial::error)
        << "listener '" << listener << "' threw while handling " << to_string(event.type()) << ": "
        << what;
    // A failing ERROR handler is only logged: reporting it as another ERROR could loop forever.
    if (event.type() == EventType::ERROR) return;
    put(Event(EventType::ERROR,
              {{"original_event_type", static_cast<std::uint32_t>(event.type())},
               {"original_event_type_name", to_string(event.type())},
               {"error_message", what},
               {"component", listener}},
              "liquid_energy.engine"));
}

std::chrono::steady_clock::duration EngineCore::dispatcher_spin() const noexcept {
    // Spinning on a caller's executor, or on a single thread, would hold up other work.
    return owned_context_ && thread_count_ >= 2 ? options_.dispatcher_spin
                                                : std::chrono::steady_clock::duration::zero();
}

EngineStats EngineCore::stats() const noexcept {
    EngineStats stats{.accepted = accepted_.load(std::memory_order_relaxed),
                      .backlog = in_flight_.load(std::memory_order_relaxed),
                      .peak_backlog = peak_backlog_.load(std::memory_order_relaxed),
                      .blocked_producers = waiting_producers_.load(std::memory_order_relaxed)};
    outcomes_.fill(stats);
    return stats;
}

}  // namespace liquid_energy::core::detail
