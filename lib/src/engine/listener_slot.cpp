#include "listener_slot.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/recycling_allocator.hpp>

#include "handler_scope.hpp"
#include "record_pool.hpp"

namespace liquid_energy::core::detail {
namespace {

std::optional<std::string_view> conflation_key_of(EventRecord& record, std::string_view field) {
    const auto* value = json_view(record).if_contains(field);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string_view(value->get_string());
}

}  // namespace

ListenerSlot::ListenerSlot(std::shared_ptr<EventListener> listener, std::size_t max_backlog,
                           const std::shared_ptr<DeliveryLedger>& ledger)
    : listener_(std::move(listener)),
      max_backlog_(max_backlog),
      ledger_(*ledger),
      ledger_owner_(ledger),
      strand_(boost::asio::make_strand(ledger->lifecycle().executor())) {}

ListenerSlot::~ListenerSlot() {
    std::array<EventRecord*, max_batch> records{};
    for (const Lane lane : {Lane::urgent, Lane::normal}) {
        while (const std::size_t count = mailbox_.take(lane, records)) {
            for (std::size_t i = 0; i < count; ++i) RecordPool::release(records[i]);
        }
    }
}

bool ListenerSlot::deliver(std::span<EventRecord* const> urgent,
                           std::span<EventRecord* const> normal, const ConflationRule* rule,
                           std::uint64_t& conflated) {
    const std::uint64_t arriving = urgent.size() + normal.size();
    std::uint64_t replaced = 0;
    std::uint64_t backlog = 0;
    bool was_idle = false;
    {
        std::lock_guard lock(mailbox_mutex_);
        // Counted before the events can be taken, so that the listener never counts down first.
        backlog = backlog_.fetch_add(arriving, std::memory_order_relaxed) + urgent.size();
        for (EventRecord* record : urgent) mailbox_.push(Lane::urgent, record);
        for (EventRecord* record : normal) {
            const bool keyed = rule != nullptr && record->type == rule->type;
            const auto key = keyed ? conflation_key_of(*record, rule->key) : std::nullopt;
            EventRecord* older = nullptr;
            if (key) {
                older = mailbox_.push_keyed(record, *key, conflatable(backlog));
            } else {
                mailbox_.push(Lane::normal, record);
            }
            if (older != nullptr) {
                RecordPool::release(older);
                ++replaced;
            } else {
                ++backlog;
            }
        }
        if (replaced != 0) backlog_.fetch_sub(replaced, std::memory_order_relaxed);
        if (!urgent.empty()) urgent_waiting_.store(true, std::memory_order_relaxed);
        was_idle = !std::exchange(batch_scheduled_, true);
    }
    delivered_.fetch_add(arriving, std::memory_order_relaxed);
    if (replaced != 0) {
        outcomes_.add_conflated(replaced);
        ledger_.totals().add_conflated(replaced);
        conflated += replaced;
    }
    if (backlog > peak_backlog_.load(std::memory_order_relaxed)) {
        peak_backlog_.store(backlog, std::memory_order_relaxed);
    }
    update_overload();
    return was_idle;
}

auto ListenerSlot::batch() {
    return [self = shared_from_this(), ledger = ledger_owner_.lock()] {
        ledger->batch_started();
        self->run_batch();
    };
}

void ListenerSlot::post_batch() {
    ledger_.batch_posted();
    // The strand's own post, not asio::post: Boost 1.81's strand asks a type-erased inner
    // executor whether it may block, and any_io_executor answers that query from the heap.
    strand_.post(batch(), boost::asio::recycling_allocator<void>());
}

void ListenerSlot::dispatch_batch() {
    ledger_.batch_posted();
    strand_.dispatch(batch(), boost::asio::recycling_allocator<void>());
}

void ListenerSlot::deactivate(bool wait) {
    state_.fetch_and(~active_bit);
    // Its waiting events are now discarded, not handled: producers it held back may go on.
    update_overload();
    if (!wait) return;
    for (unsigned state = state_.load(); (state & running_bit) != 0; state = state_.load()) {
        state_.wait(state);
    }
}

void ListenerSlot::run_batch() {
    BatchTally tally;
    std::array<EventRecord*, max_batch> events;
    state_.fetch_or(running_bit);
    {
        const HandlerScope scope(ledger_.lifecycle());
        handle_urgent(tally);
        handle({events.data(), take(Lane::normal, events)}, tally);
    }
    state_.fetch_and(~running_bit);
    state_.notify_all();
    finish_batch(tally);
}

std::size_t ListenerSlot::take(Lane lane, std::span<EventRecord*> out) {
    std::lock_guard lock(mailbox_mutex_);
    const std::size_t count = mailbox_.take(lane, out);
    if (lane == Lane::urgent && mailbox_.empty(Lane::urgent)) {
        urgent_waiting_.store(false, std::memory_order_relaxed);
    }
    return count;
}

void ListenerSlot::handle_urgent(BatchTally& tally) {
    // One take, not until the lane is empty: a handler that feeds its own urgent type would keep
    // it from ever being empty, and the normal lane would wait for good.
    if (!urgent_waiting()) return;
    std::array<EventRecord*, max_batch> events;
    const std::size_t count = take(Lane::urgent, events);
    for (std::size_t i = 0; i < count; ++i) {
        deliver_one(events[i], tally);
        RecordPool::release(events[i]);
    }
}

void ListenerSlot::handle(std::span<EventRecord* const> events, BatchTally& tally) {
    constexpr std::size_t ahead = 4;
    for (std::size_t i = 0; i < std::min(ahead, events.size()); ++i) {
        prefetch_for_listener(*events[i]);
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (i + ahead < events.size()) prefetch_for_listener(*events[i + ahead]);
        handle_urgent(tally);
        deliver_one(events[i], tally);
        RecordPool::release(events[i]);
    }
}

void ListenerSlot::deliver_one(EventRecord* record, BatchTally& tally) {
    if ((state_.load(std::memory_order_relaxed) & active_bit) == 0) {
        ++tally.discarded;
        return;
    }
    // Lends the batch's reference to a handle for the call, and takes it back after.
    Event event = EventAccess::adopt(record);
    try {
        if (listener_->accepts(event)) {
            listener_->handle_event(event);
            ++tally.handled;
        } else {
            ++tally.filtered;
        }
    } catch (const std::exception& error) {
        ++tally.failed;
        ledger_.report_failure(event, listener_->name(), error.what());
    } catch (...) {
        ++tally.failed;
        ledger_.report_failure(event, listener_->name(), "unknown exception");
    }
    EventAccess::take(std::move(event));
}

void ListenerSlot::finish_batch(const BatchTally& tally) {
    bool more = false;
    {
        std::lock_guard lock(mailbox_mutex_);
        more = mailbox_.size() != 0;
        batch_scheduled_ = more;
    }
    outcomes_.add(tally);
    backlog_.fetch_sub(tally.total(), std::memory_order_relaxed);
    update_overload();
    if (more) post_batch();
    ledger_.totals().add(tally);
    ledger_.complete(tally.total());
}

void ListenerSlot::update_overload() {
    // Whoever changes the backlog calls this after, so the flag ends up matching the last change.
    // The engine's count of overloaded listeners rises before a flag is set and falls after it is
    // cleared, so a put that sees the flag (or a stats() that shows it) also sees the count.
    for (;;) {
        bool flagged = overloaded_.load();
        const bool over = (state_.load() & active_bit) != 0 && backlog_.load() >= max_backlog_;
        if (over == flagged) return;
        if (!over) {
            if (overloaded_.compare_exchange_strong(flagged, false))
                ledger_.listener_overloaded(false);
        } else {
            ledger_.listener_overloaded(true);
            if (!overloaded_.compare_exchange_strong(flagged, true))
                ledger_.listener_overloaded(false);
        }
    }
}

ListenerStats ListenerSlot::stats() const {
    ListenerStats stats{.name = listener_->name(),
                        .delivered = delivered_.load(std::memory_order_relaxed),
                        .backlog = backlog_.load(std::memory_order_relaxed),
                        .peak_backlog = peak_backlog_.load(std::memory_order_relaxed),
                        .overloaded = overloaded()};
    outcomes_.fill(stats);
    return stats;
}

}  // namespace liquid_energy::core::detail
