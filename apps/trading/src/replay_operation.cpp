#include "replay_operation.hpp"

#include <cerrno>
#include <system_error>
#include <utility>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

#include "liquid_energy/trading/csv_tick_parser.hpp"

namespace liquid_energy::trading {

using wire::LineError;

ReplayOperation::ReplayOperation(MarketDataConnector& connector, Handler handler)
    : connector_(connector),
      counters_(connector.counters_),
      options_(connector.options_),
      handler_(std::move(handler)),
      timer_(connector.strand_),
      framer_(options_.max_line_length) {}

void ReplayOperation::start() {
    auto slot = boost::asio::get_associated_cancellation_slot(handler_);
    if (slot.is_connected()) {
        slot.assign([this](boost::asio::cancellation_type) {
            cancelled_ = true;
            timer_.cancel();
        });
    }
    boost::asio::post(connector_.strand_, [self = shared_from_this()] { self->open(); });
}

void ReplayOperation::open() {
    // Failing here publishes no end_of_data: nothing was replayed, so there is no end to announce.
    std::error_code size_error;
    const auto size = std::filesystem::file_size(options_.path, size_error);
    if (size_error) return complete({size_error.value(), boost::system::generic_category()});
    file_.open(options_.path, std::ios::binary);
    if (!file_) return complete({errno, boost::system::generic_category()});
    counters_.total_bytes = size;
    run_batch();
}

void ReplayOperation::post_batch() {
    boost::asio::post(connector_.strand_, [self = shared_from_this()] { self->run_batch(); });
}

void ReplayOperation::run_batch() {
    for (std::size_t n = 0; n < options_.batch_size; ++n) {
        if (cancelled_) return finish(boost::asio::error::operation_aborted);
        if (wait_for_engine()) return;
        if (!pending_) {
            const auto read = read_line();
            if (read == LineRead::end_of_file) return finish(read_error_);
            if (read == LineRead::no_tick) continue;
        }
        if (skipping()) {
            pending_.reset();
            ++summary_.ticks;
            continue;
        }
        if (wait_until_due()) return;
        const bool taken = connector_.engine_.put(
            core::Event(core::EventType::MARKET_DATA, std::move(*pending_), options_.source));
        if (!taken) return finish(boost::asio::error::shut_down);
        ++published_since_idle_;
        pending_.reset();
        ++summary_.ticks;
        counters_.ticks.store(summary_.ticks);
        if (options_.after_tick) {
            options_.after_tick([self = shared_from_this()] { self->post_batch(); });
            return;
        }
    }
    post_batch();
}

ReplayOperation::LineRead ReplayOperation::read_line() {
    auto frame = framer_.next();
    while (!frame && read_chunk()) frame = framer_.next();
    if (!frame) return end_of_file();
    ++summary_.lines;
    if (frame->oversized) {
        publish_error(LineError::oversized,
                      "line longer than " + std::to_string(options_.max_line_length) + " bytes");
        return LineRead::no_tick;
    }
    return take_line(frame->text);
}

bool ReplayOperation::read_chunk() {
    if (!file_.read(chunk_.data(), chunk_.size()) && file_.bad()) {
        read_error_ = boost::system::errc::make_error_code(boost::system::errc::io_error);
        return false;
    }
    const auto size = static_cast<std::size_t>(file_.gcount());
    if (size == 0) return false;
    counters_.bytes_read.fetch_add(size);
    framer_.append(std::string_view(chunk_.data(), size));
    summary_.peak_buffered_bytes = framer_.peak_buffered();
    return true;
}

ReplayOperation::LineRead ReplayOperation::take_line(std::string_view line) {
    if (summary_.lines == 1 && line == csv_tick_header) return LineRead::no_tick;
    auto parsed = parse_tick_line(line);
    if (!parsed.tick) {
        publish_error(parsed.error, parsed.message);
        return LineRead::no_tick;
    }
    pending_ = std::move(parsed.tick);
    return LineRead::tick;
}

ReplayOperation::LineRead ReplayOperation::end_of_file() {
    if (framer_.partial_line().empty() || unfinished_reported_) return LineRead::end_of_file;
    unfinished_reported_ = true;
    ++summary_.lines;
    publish_error(LineError::unfinished, "the file ends in the middle of a line");
    return LineRead::no_tick;
}

bool ReplayOperation::wait_for_engine() {
    if (options_.backlog_limit == 0 || published_since_idle_ < options_.backlog_limit) return false;
    published_since_idle_ = 0;
    ++summary_.pauses;
    connector_.engine_.async_wait_idle(boost::asio::bind_executor(
        connector_.strand_, [self = shared_from_this()] { self->run_batch(); }));
    return true;
}

bool ReplayOperation::wait_until_due() {
    if (options_.speed <= 0) return false;
    const auto now = std::chrono::steady_clock::now();
    if (!first_timestamp_ns_) {
        first_timestamp_ns_ = pending_->timestamp_ns;
        first_due_ = now;
    }
    const std::chrono::duration<double, std::nano> offset(
        static_cast<double>(pending_->timestamp_ns - *first_timestamp_ns_) / options_.speed);
    const auto due = first_due_ + std::chrono::duration_cast<std::chrono::nanoseconds>(offset);
    if (due <= now) return false;
    timer_.expires_at(due);
    timer_.async_wait(
        [self = shared_from_this()](boost::system::error_code) { self->run_batch(); });
    return true;
}

bool ReplayOperation::skipping() const noexcept { return summary_.ticks < options_.skip_ticks; }

void ReplayOperation::publish_error(LineError error, const std::string& message) {
    ++summary_.errors;
    ++summary_.errors_by_reason[error];
    counters_.errors.store(summary_.errors);
    if (skipping()) return;
    ++published_since_idle_;
    const auto line = summary_.lines;
    connector_.engine_.put(
        core::Event(core::EventType::ERROR,
                    {{"component", options_.source},
                     {"error_message", "line " + std::to_string(line) + ": " + message},
                     {"line", line},
                     {"reason", to_string(error)}},
                    options_.source));
}

void ReplayOperation::finish(boost::system::error_code error) {
    connector_.engine_.put(core::Event(core::EventType::SYSTEM,
                                       {{"kind", end_of_data_kind},
                                        {"lines", summary_.lines},
                                        {"ticks", summary_.ticks},
                                        {"errors", summary_.errors}},
                                       options_.source));
    complete(error);
}

void ReplayOperation::complete(boost::system::error_code error) {
    boost::asio::get_associated_cancellation_slot(handler_).clear();
    const auto executor = boost::asio::get_associated_executor(handler_, connector_.strand_);
    boost::asio::dispatch(executor,
                          [handler = std::move(handler_), error, summary = summary_]() mutable {
                              std::move(handler)(error, summary);
                          });
}

}  // namespace liquid_energy::trading
