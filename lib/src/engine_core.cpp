#include "engine_core.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/json/value.hpp>

#include "log.hpp"
#include "post_completion.hpp"

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
    : options_(options),
      owned_context_(std::make_shared<boost::asio::io_context>()),
      executor_(owned_context_->get_executor()),
      thread_count_(resolve_thread_count(options)),
      snapshot_(std::make_shared<const SlotList>()) {}

EngineCore::EngineCore(boost::asio::any_io_executor executor, EngineOptions options)
    : options_(options),
      executor_(std::move(executor)),
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
    std::lock_guard lock(dispatch_mutex_);
    snapshot_.swap(published);
}

std::shared_ptr<const EngineCore::SlotList> EngineCore::snapshot() const {
    std::lock_guard lock(dispatch_mutex_);
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
    std::size_t unrouted = 0;
    {
        // One fan-out at a time: an event that a handler puts in reaction to another then reaches
        // every listener after its cause.
        std::lock_guard lock(dispatch_mutex_);
        in_flight_.fetch_add(snapshot_->size());
        for (const auto& slot : *snapshot_) {
            if (slot->routes(shared->type())) {
                slot->enqueue(shared);
            } else {
                ++unrouted;
            }
        }
    }
    if (unrouted != 0) complete_deliveries(unrouted);
}

void EngineCore::complete_deliveries(std::size_t count) {
    if (in_flight_.fetch_sub(count) != count) return;
    if (idle_awaited_.load()) complete_idle_waiters();
    if (state_.load() == State::stopping) finish_drain();
}

void EngineCore::async_wait_idle(boost::asio::any_completion_handler<void()> handler) {
    {
        std::lock_guard lock(lifecycle_mutex_);
        idle_waiters_.push_back(std::move(handler));
        idle_awaited_.store(true);
    }
    // The last delivery may have completed before the flag was seen: look again.
    if (in_flight_.load() == 0) complete_idle_waiters();
}

void EngineCore::complete_idle_waiters() {
    std::lock_guard lock(lifecycle_mutex_);
    if (in_flight_.load() != 0) return;
    idle_awaited_.store(false);
    for (auto& handler : std::exchange(idle_waiters_, {})) post_completion_now(std::move(handler));
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
    // Counted as one put in flight, released unlocked: reaching idle may need the lock.
    in_flight_.fetch_add(1);
    for (auto& event : std::exchange(held_, {})) dispatch(std::move(event));
    state_.store(State::running);
    spawn_threads();
    lock.unlock();
    complete_deliveries(1);
}

void EngineCore::stop() {
    std::unique_lock lock(lifecycle_mutex_);
    begin_stop_locked();
    if (running_in_this_thread()) return;
    wait_drained(lock);
    join_threads(lock);
}

void EngineCore::async_stop(boost::asio::any_completion_handler<void()> handler) {
    std::lock_guard lock(lifecycle_mutex_);
    if (state_.load() != State::running && state_.load() != State::stopping) {
        post_completion_now(std::move(handler));
        return;
    }
    stop_waiters_.push_back(std::move(handler));
    begin_stop_locked();
}

void EngineCore::begin_stop_locked() {
    if (state_.load() != State::running) return;
    state_.store(State::stopping);
    finish_drain_locked();
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
    begin_stop_locked();
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
    complete_stop_locked();
}

void EngineCore::complete_stop_locked() {
    state_.store(State::stopped);
    // Posted while the work guard still holds the threads, so that they run the completions.
    for (auto& handler : std::exchange(stop_waiters_, {})) post_completion_now(std::move(handler));
    stop_owned_context();
    work_ = {};
    drained_.notify_all();
}

void EngineCore::post_completion_now(boost::asio::any_completion_handler<void()> handler) const {
    // An owned io_context without threads would never run it.
    const bool context_idle = owned_context_ && threads_.empty();
    const boost::asio::any_io_executor io_executor =
        context_idle ? boost::asio::any_io_executor(boost::asio::system_executor()) : executor_;
    post_completion(io_executor, std::move(handler), [](auto done) { std::move(done)(); });
}

void EngineCore::wait_drained(std::unique_lock<std::mutex>& lock) {
    using namespace std::chrono_literals;
    while (state_.load() == State::stopping) {
        if (drained_.wait_for(lock, 20ms) == std::cv_status::timeout && context_stopped()) {
            BOOST_LOG_SEV(core_logger(), boost::log::trivial::warning)
                << "the executor's io_context stopped with " << in_flight_.load()
                << " deliveries pending; they are abandoned";
            complete_stop_locked();
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

void EngineCore::stop_owned_context() {
    if (!owned_context_) return;
    // Other Asio work on the engine's context (a timer, a socket) would keep the threads in run():
    // stop the context once what is already queued, such as async_stop completions, has run.
    // That work stays pending and resumes on the next start().
    boost::asio::post(*owned_context_, [context = owned_context_.get()] { context->stop(); });
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

void EngineCore::replace_heartbeat(TimerHandle heartbeat) {
    {
        std::lock_guard lock(lifecycle_mutex_);
        std::swap(heartbeat_, heartbeat);
    }
    // Unlocked: cancelling waits for a tick being put, and put may need the lock.
    heartbeat.cancel();
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
