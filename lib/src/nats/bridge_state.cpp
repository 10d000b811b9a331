#include "bridge_state.hpp"

#include <stdexcept>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include "../engine/post_completion.hpp"
#include "log.hpp"

namespace liquid_energy::nats::detail {

namespace {

void validate(const BridgeOptions& options) {
    if (options.servers.empty())
        throw std::invalid_argument("nats::Bridge: BridgeOptions::servers is empty");
    if (!options.import_subject.empty() && options.durable.empty())
        throw std::invalid_argument("nats::Bridge: import_subject '" + options.import_subject +
                                    "' needs a durable consumer name");
    if (options.max_pending_acks == 0)
        throw std::invalid_argument("nats::Bridge: max_pending_acks must be positive");
}

const char* describe(LinkEvent event) {
    switch (event) {
        case LinkEvent::disconnected:
            return "connection lost";
        case LinkEvent::reconnected:
            return "reconnected";
        case LinkEvent::closed:
            break;
    }
    return "gave up reconnecting";
}

}  // namespace

BridgeState::BridgeState(core::EventEngine& engine, BridgeOptions options)
    : engine_(engine),
      options_((validate(options), std::move(options))),
      strand_(boost::asio::make_strand(engine.get_executor())) {}

void BridgeState::close() {
    if (closing_.exchange(true)) return;
    unregister_link(link_id_);
    if (exporter_) {
        exporter_->abandon();
        engine_.unregister_listener(exporter_);
    }
    if (importer_) importer_->close();
    if (connection_) natsConnection_Close(connection_->connection.get());
}

void BridgeState::start() {
    link_id_ = register_link([weak = weak_from_this()](LinkEvent event) {
        if (auto self = weak.lock()) self->on_link_event(event);
    });
    connection_ = std::make_shared<Connection>(connect(options_, link_id_));
    ensure_stream(connection_->jet_stream.get(), options_);
    if (!options_.import_subject.empty()) {
        importer_ = std::make_shared<Importer>(engine_, strand_, options_, connection_, ledger_);
        importer_->start();
    }
    if (!options_.export_types.empty()) {
        exporter_ = std::make_shared<Exporter>(options_, connection_, ledger_);
        engine_.register_listener(exporter_);
    }
    BOOST_LOG_SEV(nats_logger(), boost::log::trivial::info)
        << options_.name << ": connected, stream " << options_.stream;
}

void BridgeState::on_link_event(LinkEvent event) {
    if (closing_) return;
    boost::asio::post(strand_, [self = shared_from_this(), event] {
        if (!self->closing_) self->report_link_event(event);
    });
}

void BridgeState::report_link_event(LinkEvent event) {
    const auto severity =
        event == LinkEvent::closed ? boost::log::trivial::error : boost::log::trivial::warning;
    BOOST_LOG_SEV(nats_logger(), severity) << options_.name << ": " << describe(event);
    const auto type = event == LinkEvent::closed ? core::EventType::ERROR : core::EventType::SYSTEM;
    engine_.put(
        core::Event(type, {{"nats", describe(event)}, {"stream", options_.stream}}, options_.name));
}

void BridgeState::grant_imports(std::uint64_t count) {
    if (!importer_) {
        throw std::logic_error("nats::Bridge: grant_imports before start, or without an import");
    }
    importer_->grant(count);
}

void BridgeState::async_stop(boost::asio::any_completion_handler<void()> handler) {
    boost::asio::post(strand_, [self = shared_from_this(), handler = std::move(handler)]() mutable {
        // Not `=`: Boost 1.81's move assignment of any_completion_handler recurses.
        self->stop_handler_.swap(handler);
        if (self->importer_) {
            self->importer_->async_drain([self] { self->wait_for_exports(); });
        } else {
            self->wait_for_exports();
        }
    });
}

// Exports the engine handed over are published once the engine is idle.
void BridgeState::wait_for_exports() {
    engine_.async_wait_idle(boost::asio::bind_executor(
        strand_, [self = shared_from_this()] { self->flush_and_complete(); }));
}

void BridgeState::flush_and_complete() {
    if (connection_) natsConnection_FlushTimeout(connection_->connection.get(), 2000);
    core::detail::post_completion(engine_.get_executor(), std::move(stop_handler_),
                                  [](auto handler) { std::move(handler)(); });
}

}  // namespace liquid_energy::nats::detail
