#include "lifecycle.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/system_executor.hpp>

#include "handler_scope.hpp"
#include "log.hpp"
#include "post_completion.hpp"

namespace liquid_energy::core::detail {
namespace {

thread_local const Lifecycle* current_handler_engine = nullptr;

std::size_t resolve_thread_count(std::size_t threads) {
    if (threads != 0) return threads;
    return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

HandlerScope::HandlerScope(const Lifecycle& lifecycle) noexcept
    : previous_(std::exchange(current_handler_engine, &lifecycle)) {}

HandlerScope::~HandlerScope() { current_handler_engine = previous_; }

bool HandlerScope::inside(const Lifecycle& lifecycle) noexcept {
    return current_handler_engine == &lifecycle;
}

Lifecycle::Lifecycle(std::size_t threads, Admission& admission, DiscardHeld discard_held)
    : admission_(admission),
      discard_held_(std::move(discard_held)),
      owned_context_(std::make_shared<boost::asio::io_context>()),
      executor_(owned_context_->get_executor()),
      thread_count_(resolve_thread_count(threads)) {}

Lifecycle::Lifecycle(boost::asio::any_io_executor executor, Admission& admission,
                     DiscardHeld discard_held)
    : admission_(admission),
      discard_held_(std::move(discard_held)),
      executor_(std::move(executor)),
      thread_count_(0) {
    if (!executor_) throw std::invalid_argument("EventEngine: the executor is empty");
}

Lifecycle::~Lifecycle() {
    for (auto& thread : threads_) {
        if (thread.get_id() == std::this_thread::get_id()) {
            thread.detach();
        } else if (thread.joinable()) {
            thread.join();
        }
    }
}

bool Lifecycle::accepting() const noexcept {
    const State state = state_.load();
    return state == State::running || state == State::created ||
           (state == State::stopping && HandlerScope::inside(*this));
}

bool Lifecycle::start() {
    std::unique_lock lock(mutex_);
    if (state_.load() == State::running) return false;
    if (state_.load() == State::stopping) {
        if (running_in_this_thread()) {
            throw std::logic_error(
                "EventEngine::start: called from a handler while the engine drains");
        }
        wait_drained(lock);
    }
    join_threads(lock);
    if (state_.load() == State::running) return false;
    if (owned_context_) owned_context_->restart();
    work_ = boost::asio::prefer(executor_, boost::asio::execution::outstanding_work.tracked);
    state_.store(State::running);
    spawn_threads();
    return true;
}

void Lifecycle::stop() {
    std::unique_lock lock(mutex_);
    if (state_.load() == State::created) {
        discard_unstarted_locked();
        return;
    }
    begin_stop_locked();
    if (running_in_this_thread()) return;
    wait_drained(lock);
    join_threads(lock);
}

void Lifecycle::discard_unstarted_locked() {
    // Later puts are refused as after any stop, and producers waiting for room, woken when the
    // held events leave the backlog, give up.
    state_.store(State::stopped);
    // Never started, so nothing routes what is held: nothing ever would.
    discard_held_();
    // What an idle waiter waited for is gone.
    complete_idle_waiters_locked();
}

void Lifecycle::async_stop(boost::asio::any_completion_handler<void()> handler) {
    bool unstarted = false;
    {
        std::lock_guard lock(mutex_);
        if (state_.load() == State::running || state_.load() == State::stopping) {
            stop_waiters_.push_back(std::move(handler));
            begin_stop_locked();
            return;
        }
        unstarted = state_.load() == State::created;
    }
    // stop() waits for nothing on an engine never started.
    if (unstarted) stop();
    post_completion_now(std::move(handler));
}

void Lifecycle::async_wait_idle(boost::asio::any_completion_handler<void()> handler) {
    {
        std::lock_guard lock(mutex_);
        idle_waiters_.push_back(std::move(handler));
        idle_awaited_.store(true);
    }
    // The last delivery may have completed before the flag was seen: look again.
    if (admission_.backlog() == 0) complete_idle_waiters();
}

void Lifecycle::complete_idle_waiters() {
    std::lock_guard lock(mutex_);
    complete_idle_waiters_locked();
}

void Lifecycle::complete_idle_waiters_locked() {
    if (admission_.backlog() != 0) return;
    idle_awaited_.store(false);
    for (auto& handler : std::exchange(idle_waiters_, {})) post_completion_now(std::move(handler));
}

void Lifecycle::begin_stop_locked() {
    if (state_.load() != State::running) return;
    state_.store(State::stopping);
    // Producers waiting for room now give up, refused.
    admission_.notify_room();
    finish_drain_locked();
}

void Lifecycle::release() {
    std::unique_lock lock(mutex_);
    if (state_.load() == State::created || !running_in_this_thread()) {
        lock.unlock();
        stop();
        run_stranded_work();
        return;
    }
    begin_stop_locked();
    // The worker threads hold the io_context and exit by themselves once the backlog is drained.
    for (auto& thread : threads_) thread.detach();
    threads_.clear();
}

void Lifecycle::on_idle() {
    if (idle_awaited_.load()) complete_idle_waiters();
    if (state_.load() != State::stopping) return;
    std::lock_guard lock(mutex_);
    finish_drain_locked();
}

void Lifecycle::finish_drain_locked() {
    if (state_.load() != State::stopping || admission_.backlog() != 0) return;
    complete_stop_locked();
}

void Lifecycle::complete_stop_locked() {
    state_.store(State::stopped);
    // Posted while the work guard still holds the threads, so that they run the completions.
    for (auto& handler : std::exchange(stop_waiters_, {})) post_completion_now(std::move(handler));
    stop_owned_context();
    work_ = {};
    drained_.notify_all();
}

void Lifecycle::post_completion_now(boost::asio::any_completion_handler<void()> handler) const {
    // An owned io_context without threads would never run it.
    const bool context_idle = owned_context_ && threads_.empty();
    const boost::asio::any_io_executor io_executor =
        context_idle ? boost::asio::any_io_executor(boost::asio::system_executor()) : executor_;
    post_completion(io_executor, std::move(handler), [](auto done) { std::move(done)(); });
}

void Lifecycle::wait_drained(std::unique_lock<std::mutex>& lock) {
    using namespace std::chrono_literals;
    while (state_.load() == State::stopping) {
        if (drained_.wait_for(lock, 20ms) == std::cv_status::timeout && context_stopped()) {
            BOOST_LOG_SEV(core_logger(), boost::log::trivial::warning)
                << "the executor's io_context stopped with " << admission_.backlog()
                << " deliveries pending; they are abandoned";
            complete_stop_locked();
        }
    }
}

void Lifecycle::join_threads(std::unique_lock<std::mutex>& lock) {
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

void Lifecycle::stop_owned_context() {
    if (!owned_context_) return;
    // Other Asio work on the engine's context (a timer, a socket) would keep the threads in run():
    // stop the context once what is already queued, such as async_stop completions, has run.
    // That work stays pending and resumes on the next start().
    boost::asio::post(*owned_context_, [context = owned_context_.get()] { context->stop(); });
}

void Lifecycle::run_stranded_work() {
    if (!owned_context_ || !owned_context_->stopped()) return;
    // Work posted while the engine stopped (a producer's retry, a dispatcher run) can land behind
    // the context's stop and wait for a start that will never come, holding the engine alive
    // through the handles it carries. With the engine's handle gone, let that work finish.
    owned_context_->restart();
    owned_context_->poll();
}

void Lifecycle::spawn_threads() {
    if (!owned_context_) return;
    for (std::size_t i = 0; i < thread_count_; ++i) {
        threads_.emplace_back([context = owned_context_] { context->run(); });
    }
}

bool Lifecycle::running_in_this_thread() const {
    if (HandlerScope::inside(*this)) return true;
    const auto* io_executor = executor_.target<boost::asio::io_context::executor_type>();
    return io_executor != nullptr && io_executor->running_in_this_thread();
}

bool Lifecycle::context_stopped() const {
    if (owned_context_) return false;
    const auto* io_executor = executor_.target<boost::asio::io_context::executor_type>();
    return io_executor != nullptr && io_executor->context().stopped();
}

void Lifecycle::replace_heartbeat(TimerHandle heartbeat) {
    {
        std::lock_guard lock(mutex_);
        std::swap(heartbeat_, heartbeat);
    }
    // Unlocked: cancelling waits for a tick being put, and put may need the lock.
    heartbeat.cancel();
}

}  // namespace liquid_energy::core::detail
