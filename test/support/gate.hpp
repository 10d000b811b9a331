#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "wait_until.hpp"

namespace liquid_energy::test {

/// Holds the threads that pass it until the test opens it; a handler blocked on a gate makes a
/// backlog build up behind it without any timing. Waits end at the deadline anyway, so a failing
/// test cannot hang.
class Gate {
  public:
    /// Blocks until the gate is open; returns false if the deadline passed first.
    bool pass(std::chrono::milliseconds timeout = default_deadline) {
        std::unique_lock lock(mutex_);
        ++waiting_;
        changed_.notify_all();
        const bool opened = changed_.wait_for(lock, timeout, [&] { return open_; });
        --waiting_;
        return opened;
    }

    void open() {
        {
            std::lock_guard lock(mutex_);
            open_ = true;
        }
        changed_.notify_all();
    }

    /// Waits until a thread is blocked at the gate.
    bool wait_for_arrival(std::chrono::milliseconds timeout = default_deadline) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return waiting_ > 0 || open_; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_ = false;
    int waiting_ = 0;
};

}  // namespace liquid_energy::test
