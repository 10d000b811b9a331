#include "liquid_energy/wire/json_line_connector.hpp"

#include <algorithm>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include "liquid_energy/wire/json_line.hpp"

namespace liquid_energy::wire {
namespace {

constexpr std::size_t reported_line_length = 256;

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

void raise_to(std::atomic<std::uint64_t>& peak, std::uint64_t value) noexcept {
    auto seen = peak.load();
    while (seen < value && !peak.compare_exchange_weak(seen, value)) {
    }
}

}  // namespace

JsonLineConnector::JsonLineConnector(LineStream stream, core::EventEngine& engine, Options options)
    : stream_(stream),
      engine_(engine),
      options_(std::move(options)),
      run_(stream.get_executor()),
      framer_(options_.max_line_length) {}

JsonLineConnector::Stats JsonLineConnector::stats() const noexcept {
    Stats stats{.lines = counters_.lines.load(),
                .events = counters_.events.load(),
                .refused_puts = counters_.refused_puts.load(),
                .unexpected_types = counters_.unexpected_types.load(),
                .errors = {},
                .pauses = counters_.pauses.load(),
                .peak_buffered_bytes = counters_.peak_buffered_bytes.load()};
    for (std::size_t error = 0; error < line_error_count; ++error) {
        stats.errors[static_cast<LineError>(error)] = counters_.errors[error].load();
    }
    return stats;
}

void JsonLineConnector::async_run_impl(boost::asio::any_completion_handler<Signature> handler) {
    if (!run_.begin(std::move(handler))) return;
    framer_ = LineFramer(options_.max_line_length);
    published_since_idle_ = 0;
    boost::asio::post(stream_.get_executor(), [this] { read_some(); });
}

void JsonLineConnector::read_when_ready() {
    if (options_.pacer == nullptr) return read_some();
    options_.pacer->async_wait_ready(boost::asio::bind_executor(
        stream_.get_executor(), [this](const boost::system::error_code& error) {
            if (error || run_.cancelled()) {
                return run_.finish(boost::asio::error::operation_aborted);
            }
            read_some();
        }));
}

void JsonLineConnector::read_some() {
    stream_.async_read_some(boost::asio::buffer(chunk_),
                            boost::asio::bind_cancellation_slot(
                                run_.slot(), [this](const boost::system::error_code& error,
                                                    std::size_t size) { on_read(error, size); }));
}

void JsonLineConnector::on_read(const boost::system::error_code& error, std::size_t size) {
    framer_.append(std::string_view(chunk_.data(), size));
    raise_to(counters_.peak_buffered_bytes, framer_.peak_buffered());
    if (!publish_lines()) return run_.finish(boost::asio::error::shut_down);
    if (run_.cancelled()) return run_.finish(boost::asio::error::operation_aborted);
    if (error == boost::asio::error::operation_aborted) return run_.finish(error);
    if (error) return on_end_of_stream(error);
    if (options_.backlog_limit != 0 && published_since_idle_ >= options_.backlog_limit) {
        return wait_for_engine();
    }
    read_when_ready();
}

void JsonLineConnector::wait_for_engine() {
    counters_.pauses.fetch_add(1);
    published_since_idle_ = 0;
    // The stream's context has no operation of ours while we wait: keep it from running out of
    // work, whatever executor the run's handler has.
    auto work = boost::asio::prefer(stream_.get_executor(),
                                    boost::asio::execution::outstanding_work.tracked);
    engine_.async_wait_idle(
        boost::asio::bind_executor(stream_.get_executor(), [this, work = std::move(work)] {
            if (run_.cancelled()) return run_.finish(boost::asio::error::operation_aborted);
            read_when_ready();
        }));
}

bool JsonLineConnector::publish_lines() {
    while (const auto frame = framer_.next()) {
        if (!publish_line(*frame)) return false;
    }
    return true;
}

bool JsonLineConnector::publish_line(const LineFramer::Frame& frame) {
    counters_.lines.fetch_add(1);
    if (frame.oversized) {
        return refuse(LineError::oversized,
                      "line longer than " + std::to_string(options_.max_line_length) + " bytes",
                      frame.text);
    }
    if (is_blank(frame.text)) return true;
    auto decoded = decode_json_line(frame.text);
    if (!decoded.event) return refuse(decoded.error, decoded.message, frame.text);
    if (!accepts(decoded.event->type())) {
        counters_.unexpected_types.fetch_add(1);
        return report_error(
            "unexpected_type",
            "this connection does not take " + to_string(decoded.event->type()) + " events",
            frame.text);
    }
    const auto status = publish(stamped(std::move(*decoded.event)));
    if (status == core::PutStatus::stopped) return false;
    if (status == core::PutStatus::accepted) {
        counters_.events.fetch_add(1);
        return true;
    }
    // A full backlog refuses this event, not the connection: the rest of the read goes on.
    counters_.refused_puts.fetch_add(1);
    return report_error("engine_refused",
                        "the engine refused the event: " + std::string(to_string(status)),
                        frame.text);
}

void JsonLineConnector::on_end_of_stream(const boost::system::error_code& error) {
    // The connection has ended either way, so a refused report does not change the outcome.
    if (const auto partial = framer_.partial_line(); !partial.empty()) {
        counters_.lines.fetch_add(1);
        refuse(LineError::unfinished, "connection closed in the middle of a line", partial);
    }
    if (error != boost::asio::error::eof) {
        report_error("read_error", error.message(), {});
        return run_.finish(error);
    }
    publish(core::Event(
        core::EventType::SYSTEM,
        {{"component", options_.name}, {"status", "disconnected"}, {"reason", "end of stream"}},
        options_.name));
    run_.finish({});
}

bool JsonLineConnector::accepts(core::EventType type) const {
    const auto& types = options_.accepted_types;
    return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
}

core::Event JsonLineConnector::stamped(core::Event event) const {
    if (!options_.source || event.source() == options_.source) return event;
    return core::Event(event.type(), event.data(), options_.source, event.timestamp());
}

core::PutStatus JsonLineConnector::publish(core::Event event) {
    const auto status = engine_.put_with_status(std::move(event));
    if (status == core::PutStatus::accepted) ++published_since_idle_;
    return status;
}

bool JsonLineConnector::refuse(LineError error, std::string_view message, std::string_view line) {
    counters_.errors[static_cast<std::size_t>(error)].fetch_add(1);
    return report_error(to_string(error), message, line);
}

bool JsonLineConnector::report_error(std::string_view reason, std::string_view message,
                                     std::string_view line) {
    boost::json::object data{
        {"component", options_.name}, {"error_message", message}, {"reason", reason}};
    if (!line.empty()) data["line"] = utf8_excerpt(line, reported_line_length);
    return publish(core::Event(core::EventType::ERROR, std::move(data), options_.name)) !=
           core::PutStatus::stopped;
}

}  // namespace liquid_energy::wire
