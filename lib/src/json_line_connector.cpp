#include "liquid_energy/core/json_line_connector.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

#include "liquid_energy/core/json_line.hpp"

namespace liquid_energy::core {
namespace {

constexpr std::size_t reported_line_length = 256;

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

JsonLineConnector::JsonLineConnector(boost::asio::ip::tcp::socket& socket, EventEngine& engine,
                                     Options options)
    : socket_(socket),
      engine_(engine),
      options_(std::move(options)),
      run_(socket.get_executor()),
      framer_(options_.max_line_length) {}

void JsonLineConnector::async_run_impl(boost::asio::any_completion_handler<Signature> handler) {
    if (!run_.begin(std::move(handler))) return;
    framer_ = detail::LineFramer(options_.max_line_length);
    boost::asio::post(socket_.get_executor(), [this] { read_some(); });
}

void JsonLineConnector::read_some() {
    socket_.async_read_some(boost::asio::buffer(chunk_),
                            boost::asio::bind_cancellation_slot(
                                run_.slot(), [this](const boost::system::error_code& error,
                                                    std::size_t size) { on_read(error, size); }));
}

void JsonLineConnector::on_read(const boost::system::error_code& error, std::size_t size) {
    framer_.append(std::string_view(chunk_.data(), size));
    if (!publish_lines()) return run_.finish(boost::asio::error::shut_down);
    if (run_.cancelled()) return run_.finish(boost::asio::error::operation_aborted);
    if (error == boost::asio::error::eof) return on_end_of_stream();
    if (error) {
        if (error != boost::asio::error::operation_aborted) report_error(error.message(), {});
        return run_.finish(error);
    }
    read_some();
}

bool JsonLineConnector::publish_lines() {
    while (const auto frame = framer_.next()) {
        if (!publish_line(*frame)) return false;
    }
    return true;
}

bool JsonLineConnector::publish_line(const detail::LineFramer::Frame& frame) {
    if (frame.oversized) {
        return report_error(
            "line longer than " + std::to_string(options_.max_line_length) + " bytes", frame.text);
    }
    if (is_blank(frame.text)) return true;
    std::string reason;
    auto event = decode_json_line(frame.text, reason);
    if (!event) return report_error(reason, frame.text);
    return engine_.put(std::move(*event));
}

void JsonLineConnector::on_end_of_stream() {
    // The connection has ended either way, so a refused report does not change the outcome.
    if (const auto partial = framer_.partial_line(); !partial.empty()) {
        report_error("connection closed in the middle of a line", partial);
    }
    report(EventType::SYSTEM,
           {{"component", options_.name}, {"status", "disconnected"}, {"reason", "end of stream"}});
    run_.finish({});
}

bool JsonLineConnector::report(EventType type, boost::json::object data) {
    return engine_.put(Event(type, std::move(data), options_.name));
}

bool JsonLineConnector::report_error(std::string_view message, std::string_view line) {
    boost::json::object data{{"component", options_.name}, {"error_message", message}};
    if (!line.empty()) data["line"] = line.substr(0, reported_line_length);
    return report(EventType::ERROR, std::move(data));
}

}  // namespace liquid_energy::core
