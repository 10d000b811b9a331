#pragma once

#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace liquid_energy::test {

/// An io_context run by one thread of its own until the object is destroyed, for the consumers,
/// sockets and coroutines a test drives from outside the engine. A test must let its operations
/// complete before this goes: the destructor abandons whatever is still pending.
class IoThread {
  public:
    using executor_type = boost::asio::io_context::executor_type;

    IoThread() : thread_([this] { context_.run(); }) {}

    ~IoThread() {
        work_.reset();
        context_.stop();
        thread_.join();
    }

    IoThread(const IoThread&) = delete;
    IoThread& operator=(const IoThread&) = delete;

    boost::asio::io_context& context() noexcept { return context_; }
    executor_type get_executor() noexcept { return context_.get_executor(); }

  private:
    boost::asio::io_context context_;
    boost::asio::executor_work_guard<executor_type> work_ = boost::asio::make_work_guard(context_);
    std::thread thread_;
};

}  // namespace liquid_energy::test
