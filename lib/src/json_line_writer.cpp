#include "liquid_energy/core/json_line_writer.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "liquid_energy/core/json_line.hpp"

namespace liquid_energy::core {

JsonLineWriter::JsonLineWriter(boost::asio::ip::tcp::socket& socket, EventEngine& engine,
                               std::vector<EventType> event_types, Options options)
    : socket_(socket),
      engine_(engine),
      options_(std::move(options)),
      subscription_(engine, std::move(event_types), options_.filter, options_.capacity),
      run_(socket.get_executor()) {}

void JsonLineWriter::async_run_impl(boost::asio::any_completion_handler<Signature> handler) {
    if (!run_.begin(std::move(handler))) return;
    boost::asio::post(socket_.get_executor(), [this] { receive(); });
}

void JsonLineWriter::receive() {
    subscription_.async_receive(boost::asio::bind_cancellation_slot(
        run_.slot(), boost::asio::bind_executor(socket_.get_executor(),
                                                [this](const boost::system::error_code& error,
                                                       Event event) { on_event(error, event); })));
}

void JsonLineWriter::on_event(const boost::system::error_code& error, const Event& event) {
    if (error == boost::asio::error::eof) return finish({});
    if (error) return finish(error);
    if (run_.cancelled()) return finish(boost::asio::error::operation_aborted);
    lines_ = encode_json_line(event);
    for (std::size_t batched = 1; batched < options_.max_batch; ++batched) {
        const auto next = subscription_.try_receive();
        if (!next) break;
        lines_ += encode_json_line(*next);
    }
    boost::asio::async_write(socket_, boost::asio::buffer(lines_),
                             boost::asio::bind_cancellation_slot(
                                 run_.slot(), [this](const boost::system::error_code& error,
                                                     std::size_t) { on_write(error); }));
}

void JsonLineWriter::on_write(const boost::system::error_code& error) {
    if (error && error != boost::asio::error::operation_aborted) {
        engine_.put(Event(EventType::ERROR,
                          {{"component", options_.name}, {"error_message", error.message()}},
                          options_.name));
    }
    if (error) return finish(error);
    if (run_.cancelled()) return finish(boost::asio::error::operation_aborted);
    receive();
}

void JsonLineWriter::finish(boost::system::error_code error) {
    subscription_.close();
    run_.finish(error);
}

}  // namespace liquid_energy::core
