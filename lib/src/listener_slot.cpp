#include "listener_slot.hpp"

#include <exception>
#include <utility>

#include <boost/asio/post.hpp>

#include "engine_core.hpp"

namespace liquid_energy::core::detail {

ListenerSlot::ListenerSlot(std::shared_ptr<EventListener> listener, EngineCore& core)
    : listener_(std::move(listener)),
      core_(core),
      strand_(boost::asio::make_strand(core.executor())) {}

void ListenerSlot::enqueue(const EventPtr& event) {
    bool must_post = false;
    {
        std::lock_guard lock(mailbox_mutex_);
        mailbox_.push_back(event);
        must_post = !std::exchange(batch_posted_, true);
    }
    if (must_post) post_batch();
}

void ListenerSlot::post_batch() {
    boost::asio::post(strand_, [self = shared_from_this(), core = core_.shared_from_this()] {
        self->run_batch();
    });
}

void ListenerSlot::deactivate(bool wait) {
    state_.fetch_and(~active_bit);
    if (!wait) return;
    for (unsigned state = state_.load(); (state & running_bit) != 0; state = state_.load()) {
        state_.wait(state);
    }
}

void ListenerSlot::run_batch() {
    {
        std::lock_guard lock(mailbox_mutex_);
        batch_.swap(mailbox_);
    }
    BatchTally tally;
    state_.fetch_or(running_bit);
    {
        const HandlerScope scope(core_);
        for (const auto& event : batch_) {
            if ((state_.load() & active_bit) == 0) {
                ++tally.discarded;
            } else {
                deliver(*event, tally);
            }
        }
    }
    state_.fetch_and(~running_bit);
    state_.notify_all();

    const std::size_t finished = batch_.size();
    batch_.clear();
    bool more = false;
    {
        std::lock_guard lock(mailbox_mutex_);
        more = !mailbox_.empty();
        batch_posted_ = more;
    }
    if (more) post_batch();
    core_.record(tally);
    core_.complete_deliveries(finished);
}

void ListenerSlot::deliver(const Event& event, BatchTally& tally) {
    try {
        if (!listener_->accepts(event)) {
            ++tally.filtered;
            return;
        }
        listener_->handle_event(event);
        ++tally.handled;
    } catch (const std::exception& error) {
        ++tally.failed;
        core_.report_failure(event, listener_->name(), error.what());
    } catch (...) {
        ++tally.failed;
        core_.report_failure(event, listener_->name(), "unknown exception");
    }
}

}  // namespace liquid_energy::core::detail
