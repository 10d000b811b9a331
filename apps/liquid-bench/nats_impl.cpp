// liquid_energy.nats: the workload from one engine through a NATS JetStream broker to another,
// as two processes of a desk would meet: the producer's engine exports through a nats::Bridge
// (each publish waits for the stream's ack), the consumer's engine imports through a durable
// consumer of its own bridge (each message acked once handled). Both engines live in this
// process, so put and handle read one steady clock. Each run has a stream of its own, deleted
// after it.
#include <unistd.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

#include <nats/nats.h>
#include <boost/asio/use_future.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/trivial.hpp>

#include "drive.hpp"
#include "implementations.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/nats/bridge.hpp"

namespace liquid_bench::nats_impl {
namespace {

namespace core = liquid_energy::core;
namespace nats = liquid_energy::nats;

class Recorder : public core::EventListener {
  public:
    explicit Recorder(Board& board)
        : EventListener("bench-0", {core::EventType::MARKET_DATA}),
          board_(board),
          tally_(board.tally(0)) {}

    void handle_event(const core::Event& event) override {
        const auto& data = event.data();
        board_.record(tally_, data.at("seq").as_int64(), data.at("price").as_double(),
                      data.at("volume").as_double(), data.at("put_ns").as_int64());
    }

  private:
    Board& board_;
    Tally& tally_;
};

/// A stream name no other run uses: this process's id and a count.
std::string unique_stream() {
    static std::atomic<unsigned> runs{0};
    return "BENCH_" + std::to_string(getpid()) + "_" + std::to_string(++runs);
}

nats::BridgeOptions bridge_options(const Scenario& scenario, const std::string& stream,
                                   std::string name) {
    nats::BridgeOptions options;
    options.servers = scenario.nats_servers;
    options.stream = stream;
    options.prefix = "bench." + stream;
    options.name = std::move(name);
    // The store is not what is measured, and a run's stream is deleted after it anyway.
    options.max_bytes = std::int64_t{1} << 28;
    return options;
}

void delete_stream(const std::vector<std::string>& servers, const std::string& stream) {
    natsConnection* connection = nullptr;
    if (natsConnection_ConnectTo(&connection, servers.front().c_str()) != NATS_OK) return;
    jsCtx* js = nullptr;
    if (natsConnection_JetStream(&js, connection, nullptr) == NATS_OK) {
        js_DeleteStream(js, stream.c_str(), nullptr, nullptr);
        jsCtx_Destroy(js);
    }
    natsConnection_Destroy(connection);
}

/// The producer waits for room rather than losing events: the broker is slower than put().
core::EngineOptions blocking_producer() {
    core::EngineOptions options{.threads = 1};
    options.policies[core::EventType::MARKET_DATA] = {.overflow = core::OverflowPolicy::block,
                                                      .block_timeout = std::chrono::minutes(5)};
    return options;
}

/// The bridges' connection lines would go to stdout between the anchor lines: warnings only.
void quiet_bridge_logs() {
    boost::log::core::get()->set_filter(boost::log::trivial::severity >=
                                        boost::log::trivial::warning);
}

class ThroughBroker {
  public:
    ThroughBroker(const Scenario& scenario, Board& board)
        : servers_(scenario.nats_servers),
          stream_(unique_stream()),
          producer_(blocking_producer()) {
        quiet_bridge_logs();
        if (scenario.listeners != 1) {
            throw std::invalid_argument("liquid_energy.nats measures one listener (K = 1)");
        }
        auto exporting = bridge_options(scenario, stream_, "bench-export");
        exporting.export_types = {core::EventType::MARKET_DATA};
        auto importing = bridge_options(scenario, stream_, "bench-import");
        importing.import_subject = "bench." + stream_ + ".MARKET_DATA.>";
        importing.durable = "bench";
        exporter_ = std::make_unique<nats::Bridge>(producer_, exporting);
        importer_ = std::make_unique<nats::Bridge>(consumer_, importing);
        consumer_.register_listener(std::make_shared<Recorder>(board));
    }

    ~ThroughBroker() {
        importer_.reset();
        exporter_.reset();
        delete_stream(servers_, stream_);
    }

    void start() {
        producer_.start();
        consumer_.start();
        exporter_->start();
        importer_->start();
    }

    void stop() {
        exporter_->async_stop(boost::asio::use_future).get();
        importer_->async_stop(boost::asio::use_future).get();
        producer_.stop();
        consumer_.stop();
    }

    bool put(std::int64_t seq, std::int64_t put_ns) {
        return producer_.put(core::Event(core::EventType::MARKET_DATA, {{"symbol", symbol},
                                                                        {"price", price_of(seq)},
                                                                        {"volume", volume_of(seq)},
                                                                        {"seq", seq},
                                                                        {"put_ns", put_ns}}));
    }

  private:
    std::vector<std::string> servers_;
    std::string stream_;
    core::EventEngine producer_;
    core::EventEngine consumer_{{.threads = 1}};
    std::unique_ptr<nats::Bridge> exporter_;
    std::unique_ptr<nats::Bridge> importer_;
};

}  // namespace

W1Result run_w1(const Scenario& scenario) { return liquid_bench::run_w1<ThroughBroker>(scenario); }

W2Result run_w2(const Scenario& scenario) { return liquid_bench::run_w2<ThroughBroker>(scenario); }

}  // namespace liquid_bench::nats_impl
