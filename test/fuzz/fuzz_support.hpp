#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/wire/json_line.hpp"
#include "liquid_energy/wire/line_error.hpp"
#include "liquid_energy/wire/line_framer.hpp"

namespace liquid_energy::fuzz {

/// Ends the run as a crash, so that libFuzzer keeps the input that broke `what`.
inline void require(bool condition, const char* what) {
    if (condition) return;
    std::fprintf(stderr, "broken: %s\n", what);
    std::abort();
}

inline bool is_utf8(std::string_view text) { return wire::utf8_excerpt(text, text.size()) == text; }

/// A message for a person, as the readers put it into ERROR events: one short line of UTF-8.
inline void require_message(std::string_view message) {
    require(!message.empty(), "a refusal says why");
    require(message.size() <= 256, "a refusal message is short");
    require(message.find('\n') == std::string_view::npos, "a refusal message is one line");
    require(is_utf8(message), "a refusal message is valid UTF-8");
}

/// The event as a peer reads it from a JsonLineWriter: it must get there.
inline core::Event through_the_wire(const core::Event& event) {
    auto line = wire::encode_json_line(event);
    require(line.back() == '\n', "an encoded event ends its line");
    line.pop_back();
    auto decoded = wire::decode_json_line(line);
    require(decoded.event.has_value(), "an encoded event decodes");
    require(decoded.event->type() == event.type(), "the type survives the wire");
    require(decoded.event->data() == event.data(), "the data survives the wire");
    require(decoded.event->source() == event.source(), "the source survives the wire");
    return std::move(*decoded.event);
}

/// Reads the input as a line reader does: its first byte sets the line limit (1 to 1021 bytes),
/// its second the size of each read (1 to 256 bytes), the rest is the stream. Calls
/// `on_line(frame)` for each line, and `on_line` with the unfinished rest at the end, if any,
/// checking the framer's bounds on the way.
template <typename OnLine>
void read_lines(const std::uint8_t* data, std::size_t size, OnLine on_line) {
    if (size < 2) return;
    const std::size_t max_line_length = 1 + std::size_t{data[0]} * 4;
    const std::size_t read_size = 1 + std::size_t{data[1]};
    const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

    wire::LineFramer framer(max_line_length);
    for (std::size_t at = 0; at < stream.size(); at += read_size) {
        framer.append(stream.substr(at, read_size));
        require(framer.buffered() <= max_line_length + 1 + read_size,
                "the framer holds at most a line and a read");
        while (const auto frame = framer.next()) {
            require(frame->text.size() <= max_line_length, "a line is cut to the limit");
            require(!frame->oversized || frame->text.size() == max_line_length,
                    "an oversized line is cut exactly at the limit");
            require(frame->text.find('\n') == std::string_view::npos, "a line holds no newline");
            on_line(*frame);
        }
    }
    require(framer.partial_line().size() <= max_line_length + 1, "an unfinished line is bounded");
    if (const auto rest = framer.partial_line(); !rest.empty())
        on_line(wire::LineFramer::Frame{rest});
}

}  // namespace liquid_energy::fuzz
