// EngineCore: start, stop, drain, idle waits and the owned threads.
#include <chrono>
#include <stdexcept>
#include <utility>

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/system_executor.hpp>

#include "engine_core.hpp"
#include "log.hpp"
#include "post_completion.hpp"

namespace liquid_energy::core::detail {

EngineCore::~EngineCore() {
    for (auto& thread : threads_) {
        if (thread.get_id() == std::this_thread::get_id()) {
            thread.detach();
        } else if (thread.joinable()) {
            thread.join();
        }
    }
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
    state_.store(State::running);
    spawn_threads();
    // Routes what was put before the first start.
    dispatcher_.wake();
}

void EngineCore::stop() {
    std::unique_lock lock(lifecycle_mutex_);
    if (state_.load() == State::created) {
        // Never started, so no dispatcher run can be touching the ingress; nothing would ever
        // handle what it holds, and later puts are refused as after any stop.
        const std::size_t held = dispatcher_.discard_queued();
        outcomes_.add_discarded(held);
        state_.store(State::stopped);
        // Producers waiting for room now give up, refused.
        admission_.complete(held);
        return;
    }
    begin_stop_locked();
    if (running_in_this_thread()) return;
    wait_drained(lock);
    join_threads(lock);
}

void EngineCore::async_stop(boost::asio::any_completion_handler<void()> handler) {
    bool unstarted = false;
    {
        std::lock_guard lock(lifecycle_mutex_);
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

void EngineCore::async_wait_idle(boost::asio::any_completion_handler<void()> handler) {
    {
        std::lock_guard lock(lifecycle_mutex_);
        idle_waiters_.push_back(std::move(handler));
        idle_awaited_.store(true);
    }
    // The last delivery may have completed before the flag was seen: look again.
    if (admission_.backlog() == 0) complete_idle_waiters();
}

void EngineCore::complete_idle_waiters() {
    std::lock_guard lock(lifecycle_mutex_);
    if (admission_.backlog() != 0) return;
    idle_awaited_.store(false);
    for (auto& handler : std::exchange(idle_waiters_, {})) post_completion_now(std::move(handler));
}

void EngineCore::begin_stop_locked() {
    if (state_.load() != State::running) return;
    state_.store(State::stopping);
    // Producers waiting for room now give up, refused.
    admission_.notify_room();
    finish_drain_locked();
}

void EngineCore::release() {
    std::unique_lock lock(lifecycle_mutex_);
    if (state_.load() == State::created || !running_in_this_thread()) {
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
    if (state_.load() != State::stopping || admission_.backlog() != 0) return;
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
                << "the executor's io_context stopped with " << admission_.backlog()
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

}  // namespace liquid_energy::core::detail
