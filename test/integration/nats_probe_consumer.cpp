// A consumer process for nats_consumer_crash_test: imports liquid.MARKET_DATA.> through the
// durable consumer DURABLE and appends each event's "seq" to OUTPUT, a line each, flushed at
// once so that the lines outlive a SIGKILL. With HOLD_AFTER > 0 its listener stops for good in
// the handler of that many'th event, which is then handled and never acked. SIGTERM stops it,
// acking what it handled.
//
//   nats_probe_consumer URL DURABLE OUTPUT HOLD_AFTER
#include <csignal>
#include <cstdint>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <string>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_future.hpp>

#include "liquid_energy/core.hpp"
#include "liquid_energy/nats/bridge.hpp"

namespace {

namespace core = liquid_energy::core;

class SeqWriter : public core::EventListener {
  public:
    SeqWriter(const std::string& path, std::uint64_t hold_after)
        : EventListener("seq_writer", {core::EventType::MARKET_DATA}),
          out_(path, std::ios::app),
          hold_after_(hold_after) {}

    void handle_event(const core::Event& event) override {
        out_ << event.data().at("seq").as_int64() << std::endl;
        if (++handled_ == hold_after_) never_.get_future().wait();
    }

  private:
    std::ofstream out_;
    std::uint64_t hold_after_;
    std::uint64_t handled_ = 0;
    std::promise<void> never_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: nats_probe_consumer URL DURABLE OUTPUT HOLD_AFTER\n";
        return 2;
    }
    core::EventEngine engine({.threads = 2});
    engine.register_listener(std::make_shared<SeqWriter>(argv[3], std::stoull(argv[4])));
    liquid_energy::nats::BridgeOptions options;
    options.servers = {argv[1]};
    options.import_subject = "liquid.MARKET_DATA.>";
    options.durable = argv[2];
    options.max_pending_acks = 16;
    options.ack_wait = std::chrono::seconds(1);
    liquid_energy::nats::Bridge bridge(engine, options);
    boost::asio::signal_set signals(engine.get_executor(), SIGTERM);
    auto stopped = signals.async_wait(boost::asio::use_future);
    engine.start();
    bridge.start();
    stopped.get();
    bridge.async_stop(boost::asio::use_future).get();
    engine.stop();
    return 0;
}
