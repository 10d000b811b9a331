#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include "io_thread.hpp"
#include "liquid_energy/core/engine_options.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "recording_listener.hpp"
#include "wait_until.hpp"

namespace liquid_energy::test {

/// The completion of an async_run, handed to the test thread.
class Run {
  public:
    auto handler() {
        return [promise = promise_](boost::system::error_code error) { promise->set_value(error); };
    }
    bool done() {
        return future_.wait_for(std::chrono::milliseconds(1)) == std::future_status::ready;
    }
    boost::system::error_code outcome() {
        BOOST_REQUIRE(future_.wait_for(default_deadline) == std::future_status::ready);
        return future_.get();
    }

  private:
    std::shared_ptr<std::promise<boost::system::error_code>> promise_ =
        std::make_shared<std::promise<boost::system::error_code>>();
    std::future<boost::system::error_code> future_ = promise_->get_future();
};

/// Two connected loopback sockets, `server` accepted on an ephemeral port, served by one thread.
struct Link {
    IoThread io;
    boost::asio::ip::tcp::acceptor acceptor{
        io.context(), boost::asio::ip::tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0)};
    boost::asio::ip::tcp::socket server{io.context()};
    boost::asio::ip::tcp::socket client{io.context()};

    Link() {
        BOOST_REQUIRE(acceptor.local_endpoint().port() != 0);
        client.connect(acceptor.local_endpoint());
        acceptor.accept(server);
    }

    /// Blocks while the peer's buffers are full.
    void send(std::string_view bytes) { boost::asio::write(client, boost::asio::buffer(bytes)); }
};

/// A started engine with one thread and a recorder of the given types.
struct Engine {
    core::EventEngine engine{core::EngineOptions{.threads = 1}};
    std::shared_ptr<RecordingListener> recorder;

    explicit Engine(std::vector<core::EventType> recorded = {})
        : recorder(std::make_shared<RecordingListener>("recorder", std::move(recorded))) {
        engine.register_listener(recorder);
        engine.start();
    }

    std::vector<core::Event> wait_for_events(std::size_t count) {
        BOOST_REQUIRE(recorder->wait_for_count(count));
        return recorder->events();
    }
};

/// The string stored under `key` in an event's data.
inline std::string text(const core::Event& event, const char* key) {
    return std::string(event.data().at(key).as_string());
}

}  // namespace liquid_energy::test
