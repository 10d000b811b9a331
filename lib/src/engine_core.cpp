#include "engine_core.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/json/value.hpp>

#include "log.hpp"

namespace liquid_energy::core::detail {
namespace {

thread_local const EngineCore* current_handler_core = nullptr;

std::size_t resolve_thread_count(const EngineOptions& options) {
    if (options.threads != 0) return options.threads;
    return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

HandlerScope::HandlerScope(const EngineCore& core) noexcept
    : previous_(std::exchange(current_handler_core, &core)) {}

HandlerScope::~HandlerScope() { current_handler_core = previous_; }

bool HandlerScope::inside(const EngineCore& core) noexcept { return current_handler_core == &core; }

class EngineCore::PutInFlight {
  public:
    explicit PutInFlight(EngineCore& core) noexcept : core_(core) { core_.in_flight_.fetch_add(1); }
    ~PutInFlight() { core_.complete_deliveries(1); }
    PutInFlight(const PutInFlight&) = delete;
    PutInFlight& operator=(const PutInFlight&) = delete;

  private:
    EngineCore& core_;
};

EngineCore::EngineCore(EngineOptions options)
    : owned_context_(std::make_shared<boost::asio::io_context>()),
      executor_(owned_context_->get_executor()),
      thread_count_(resolve_thread_count(options)),
      snapshot_(std::make_shared<const SlotList>()) {}

EngineCore::EngineCore(boost::asio::any_io_executor executor, EngineOptions /*options*/)
    : executor_(std::move(executor)),
      thread_count_(0),
      snapshot_(std::make_shared<const SlotList>()) {
    if (!executor_) throw std::invalid_argument("EventEngine: the executor is empty");
}

EngineCore::~EngineCore() {
    for (auto& thread : threads_) {
        if (thread.get_id() == std::this_thread::get_id()) {
            thread.detach();
        } else if (thread.joinable()) {
            thread.join();
        }
    }
}

void EngineCore::register_listener(std::shared_ptr<EventListener> listener) {
    if (!listener) throw std::invalid_argument("register_listener: the listener is null");
    std::lock_guard lock(registry_mutex_);
    for (const auto& slot : *snapshot()) {
        if (slot->listener()->name() == listener->name()) {
            throw std::invalid_argument("register_listener: a listener named '" + listener->name() +
                                        "' is already registered");
        }
    }
    auto slot = std::make_shared<ListenerSlot>(std::move(listener), *this);
    slot->connection = registry_.connect([weak = std::weak_ptr(slot)](SlotList& slots) {
        if (auto live = weak.lock()) slots.push_back(std::move(live));
    });
    publish_snapshot();
}

bool EngineCore::unregister_listener(const std::shared_ptr<EventListener>& listener) {
    if (!listener) return false;
    std::shared_ptr<ListenerSlot> slot;
    {
        std::lock_guard lock(registry_mutex_);
        slot = find_slot(*listener);
        if (!slot) return false;
        slot->connection.disconnect();
        publish_snapshot();
    }
    slot->deactivate(/*wait=*/!HandlerScope::inside(*this));
    return true;
}

std::vector<std::shared_ptr<EventListener>> EngineCore::listeners() const {
    const auto slots = snapshot();
    std::vector<std::shared_ptr<EventListener>> result;
    result.reserve(slots->size());
    for (const auto& slot : *slots) result.push_back(slot->listener());
    return result;
}

std::shared_ptr<ListenerSlot> EngineCore::find_slot(const EventListener& listener) const {
    for (const auto& slot : *snapshot()) {
        if (slot->listener().get() == &listener) return slot;
    }
    return nullptr;
}

void EngineCore::publish_snapshot() {
    SlotList slots;
    registry_(slots);
    auto published = std::make_shared<const SlotList>(std::move(slots));
    std::lock_guard lock(snapshot_mutex_);
    snapshot_.swap(published);
}

std::shared_ptr<const EngineCore::SlotList> EngineCore::snapshot() const {
    std::lock_guard lock(snapshot_mutex_);
    return snapshot_;
}

bool EngineCore::put(Event event) {
    const PutInFlight in_flight(*this);
    if (accepting()) {
        dispatch(std::move(event));
        accepted_.fetch_add(1, std::memory_order_relaxed);
        return true;
    }
    return put_outside_running(std::move(event));
}

bool EngineCore::accepting() const noexcept {
    const State state = state_.load();
    return state == State::running || (state == State::stopping && HandlerScope::inside(*this));
}

bool EngineCore::put_outside_running(Event event) {
    std::lock_guard lock(lifecycle_mutex_);
    if (state_.load() == State::created) {
        held_.push_back(std::move(event));
    } else if (accepting()) {
        dispatch(std::move(event));
    } else {
        rejected_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    accepted_.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void EngineCore::dispatch(Event event) {
    const auto shared = std::make_shared<const Event>(std::move(event));
    const auto slots = snapshot();
    in_flight_.fetch_add(slots->size());
    std::size_t routed = 0;
    for (const auto& slot : *slots) {
        if (slot->routes(shared->type())) {
            slot->enqueue(shared);
            ++routed;
        }
    }
    if (routed < slots->size()) complete_deliveries(slots->size() - routed);
}

void EngineCore::complete_deliveries(std::size_t count) {
    if (in_flight_.fetch_sub(count) == count && state_.load() == State::stopping) finish_drain();
}

void EngineCore::record(const BatchTally& tally) noexcept {
    handled_.fetch_add(tally.handled, std::memory_order_relaxed);
    failed_.fetch_add(tally.failed, std::memory_order_relaxed);
    filtered_.fetch_add(tally.filtered, std::memory_order_relaxed);
    discarded_.fetch_add(tally.discarded, std::memory_order_relaxed);
}

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

void EngineCore::start() {
    std::unique_lock lock(lifecycle_mutex_);
    if (state_.load() == State::running) return;
    if (state_.load() == State::stopping) {
        if (running_in_this_thread()) {
            throw std::logic_error(
                "EventEngine::start: called from a handler while the engine drains");
        }
        wait_drained(lock);
    }
    join_threads(lock);
    if (state_.load() == State::running) return;
    if (owned_context_) owned_context_->restart();
    work_ = boost::asio::prefer(executor_, boost::asio::execution::outstanding_work.tracked);
    for (auto& event : std::exchange(held_, {})) dispatch(std::move(event));
    state_.store(State::running);
    spawn_threads();
}

void EngineCore::stop() {
    std::unique_lock lock(lifecycle_mutex_);
    if (state_.load() == State::running) {
        state_.store(State::stopping);
        finish_drain_locked();
    }
    if (running_in_this_thread()) return;
    wait_drained(lock);
    join_threads(lock);
}

void EngineCore::release() {
    std::unique_lock lock(lifecycle_mutex_);
    discarded_.fetch_add(held_.size(), std::memory_order_relaxed);
    held_.clear();
    if (!running_in_this_thread()) {
        lock.unlock();
        stop();
        return;
    }
    if (state_.load() == State::running) {
        state_.store(State::stopping);
        finish_drain_locked();
    }
    // The worker threads hold the io_context and exit by themselves once the backlog is drained.
    for (auto& thread : threads_) thread.detach();
    threads_.clear();
}

void EngineCore::finish_drain() {
    std::lock_guard lock(lifecycle_mutex_);
    finish_drain_locked();
}

void EngineCore::finish_drain_locked() {
    if (state_.load() != State::stopping || in_flight_.load() != 0) return;
    state_.store(State::stopped);
    work_ = {};
    drained_.notify_all();
}

void EngineCore::wait_drained(std::unique_lock<std::mutex>& lock) {
    using namespace std::chrono_literals;
    while (state_.load() == State::stopping) {
        if (drained_.wait_for(lock, 20ms) == std::cv_status::timeout && context_stopped()) {
            BOOST_LOG_SEV(core_logger(), boost::log::trivial::warning)
                << "the executor's io_context stopped with " << in_flight_.load()
                << " deliveries pending; they are abandoned";
            state_.store(State::stopped);
            work_ = {};
        }
    }
}

void EngineCore::join_threads(std::unique_lock<std::mutex>& lock) {
    auto threads = std::exchange(threads_, {});
    if (threads.empty()) return;
    // Unlocked: a worker may still need the lock on its way out.
    lock.unlock();
    for (auto& thread : threads) {
        if (thread.get_id() == std::this_thread::get_id()) {
            thread.detach();
        } else {
            thread.join();
        }
    }
    lock.lock();
}

void EngineCore::spawn_threads() {
    if (!owned_context_) return;
    for (std::size_t i = 0; i < thread_count_; ++i) {
        threads_.emplace_back([context = owned_context_] { context->run(); });
    }
}

bool EngineCore::running_in_this_thread() const {
    if (HandlerScope::inside(*this)) return true;
    const auto* io_executor = executor_.target<boost::asio::io_context::executor_type>();
    return io_executor != nullptr && io_executor->running_in_this_thread();
}

bool EngineCore::context_stopped() const {
    if (owned_context_) return false;
    const auto* io_executor = executor_.target<boost::asio::io_context::executor_type>();
    return io_executor != nullptr && io_executor->context().stopped();
}

EngineStats EngineCore::stats() const noexcept {
    constexpr auto relaxed = std::memory_order_relaxed;
    return EngineStats{
        .accepted = accepted_.load(relaxed),
        .rejected = rejected_.load(relaxed),
        .handled = handled_.load(relaxed),
        .failed = failed_.load(relaxed),
        .filtered = filtered_.load(relaxed),
        .discarded = discarded_.load(relaxed),
    };
}

}  // namespace liquid_energy::core::detail
