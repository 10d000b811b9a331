#include "liquid_energy/wire/json_line_writer.hpp"

#include <boost/asio/append.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/array.hpp>

#include "liquid_energy/wire/json_line.hpp"

namespace liquid_energy::wire {

JsonLineWriter::JsonLineWriter(LineStream stream, core::EventEngine& engine,
                               std::vector<core::EventType> event_types, Options options)
    : stream_(stream),
      engine_(engine),
      options_(std::move(options)),
      subscription_(engine, std::move(event_types), options_.filter, options_.capacity),
      run_(stream.get_executor()),
      deadline_(stream.get_executor()) {}

void JsonLineWriter::async_run_impl(boost::asio::any_completion_handler<Signature> handler) {
    if (!run_.begin(std::move(handler))) return;
    boost::asio::post(stream_.get_executor(), [this] { receive(); });
}

void JsonLineWriter::async_wait_ready(
    boost::asio::any_completion_handler<ReadPacer::Signature> handler) {
    boost::asio::post(stream_.get_executor(), [this, handler = std::move(handler)]() mutable {
        waiting_reader_.emplace(std::move(handler));
        if (finished_) return release_reader(boost::asio::error::operation_aborted);
        if (!behind()) return release_reader({});
        start_deadline();
    });
}

void JsonLineWriter::receive() {
    subscription_.async_receive(boost::asio::bind_cancellation_slot(
        run_.slot(),
        boost::asio::bind_executor(stream_.get_executor(),
                                   [this](const boost::system::error_code& error,
                                          core::Event event) { on_event(error, event); })));
}

void JsonLineWriter::on_event(const boost::system::error_code& error, const core::Event& event) {
    if (error == boost::asio::error::eof) return finish({});
    if (error) return finish(error);
    if (run_.cancelled()) return finish(boost::asio::error::operation_aborted);
    if (expired_) return write_farewell();
    std::string lines = encode_json_line(event);
    for (std::size_t batched = 1; batched < options_.max_batch; ++batched) {
        const auto next = subscription_.try_receive();
        if (!next) break;
        lines += encode_json_line(*next);
    }
    // Taken after the batch, so that it counts every tick conflated before the batch's last event.
    write(gap_line() + lines);
}

void JsonLineWriter::write(std::string lines) {
    lines_ = std::move(lines);
    writing_ = true;
    // A write the peer never takes leaves on_write silent: the timer watches it instead.
    start_deadline();
    stream_.async_write(boost::asio::buffer(lines_),
                        boost::asio::bind_cancellation_slot(
                            run_.slot(), [this](const boost::system::error_code& error,
                                                std::size_t) { on_write(error); }));
}

void JsonLineWriter::on_write(const boost::system::error_code& error) {
    writing_ = false;
    if (error && error != boost::asio::error::operation_aborted) {
        engine_.put(core::Event(core::EventType::ERROR,
                                {{"component", options_.name}, {"error_message", error.message()}},
                                options_.name));
    }
    if (expired_ && (error || farewell_sent_)) return finish(boost::asio::error::timed_out);
    if (error) return finish(error);
    if (run_.cancelled()) return finish(boost::asio::error::operation_aborted);
    if (expired_) return write_farewell();
    if (behind()) {
        start_deadline();
    } else {
        deadline_.cancel();
        deadline_pending_ = false;
        release_reader({});
    }
    receive();
}

void JsonLineWriter::write_farewell() {
    farewell_sent_ = true;
    const auto waiting = std::to_string(subscription_.backlog());
    write(encode_json_line(core::Event(
        core::EventType::ERROR,
        {{"component", options_.name},
         {"reason", "too_slow"},
         {"error_message", "closing the connection: the client read too slowly (" + waiting +
                               " events still waiting to be written past the catch-up deadline)"}},
        options_.name)));
}

std::string JsonLineWriter::gap_line() {
    auto gap = subscription_.take_gap();
    if (gap.conflated == 0) return {};
    boost::json::array symbols(gap.symbols.begin(), gap.symbols.end());
    return encode_json_line(core::Event(core::EventType::SYSTEM,
                                        {{"component", options_.name},
                                         {"status", "gap"},
                                         {"conflated", gap.conflated},
                                         {"symbols", std::move(symbols)}},
                                        options_.name));
}

bool JsonLineWriter::behind() const { return subscription_.backlog() > options_.capacity; }

void JsonLineWriter::release_reader(boost::system::error_code error) {
    if (!waiting_reader_) return;
    auto handler = std::move(*waiting_reader_);
    waiting_reader_.reset();
    boost::asio::post(stream_.get_executor(), boost::asio::append(std::move(handler), error));
}

void JsonLineWriter::start_deadline() {
    if (deadline_pending_) return;
    deadline_pending_ = true;
    deadline_.expires_after(options_.catch_up_deadline);
    // On error (cancelled), the writer may be gone: touch nothing.
    deadline_.async_wait([this](const boost::system::error_code& error) {
        if (!error) on_deadline();
    });
}

void JsonLineWriter::on_deadline() {
    deadline_pending_ = false;
    if (finished_) return;
    if (expired_) {
        // The farewell line found no room either: give up on the peer.
        stream_.cancel();
        return;
    }
    if (!behind()) {
        if (writing_) start_deadline();
        return;
    }
    expired_ = true;
    start_deadline();
}

void JsonLineWriter::finish(boost::system::error_code error) {
    finished_ = true;
    deadline_.cancel();
    release_reader(boost::asio::error::operation_aborted);
    subscription_.close();
    run_.finish(error);
}

}  // namespace liquid_energy::wire
