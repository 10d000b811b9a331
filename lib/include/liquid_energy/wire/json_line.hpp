#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "liquid_energy/core/event.hpp"
#include "liquid_energy/wire/line_error.hpp"

// The wire format of JsonLineConnector and JsonLineWriter: one event per line, a JSON object
// ended by '\n' ("\r\n" is accepted on input):
//
//   {"type":"MARKET_DATA","data":{"symbol":"ACME","price":101.5},"source":"feed-1","timestamp":1700000000123456789}
//
// - "type" (required): a built-in type by its name ("MARKET_DATA" ... "SYSTEM"), or any type by its
//   number (0 ... 4294967295, an integer), which is how user-defined types travel.
// - "data" (optional, default {}): a JSON object, the event's payload.
// - "source" (optional): a string, the component that made the event.
// - "timestamp": written as the sender's nanoseconds since the Unix epoch, for information; a
//   reader stamps the event with its own clock and ignores it. Other fields are ignored too.
namespace liquid_energy::wire {

/// The event as one line of the wire format, '\n' included. Built-in types are written by name,
/// others by number. A number that is not finite (infinity, NaN) is written as null: JSON has no
/// such numbers.
std::string encode_json_line(const core::Event& event);

/// A line decoded: the event it describes, or why it describes none.
struct DecodedJsonLine {
    /// The event, stamped now; empty when the line is refused.
    std::optional<core::Event> event;
    /// Why the line was refused: LineError::malformed when it is not JSON (syntax, nesting past
    /// boost::json's depth limit, invalid UTF-8) or names a key twice in an object;
    /// LineError::invalid_value when a number is out of the range of a finite double (1e400);
    /// LineError::wrong_type
    /// when it is JSON but not an event: not an object, "type" missing or neither a built-in name
    /// nor an integer in range, "data" not an object, "source" not a string. Meaningless when
    /// `event` is set.
    LineError error = LineError::malformed;
    /// What is wrong, for a person: one short line of valid UTF-8. Empty when `event` is set.
    std::string message;
};

/// Decodes one line of the wire format, newline excluded. Whatever the bytes, it throws nothing
/// but std::bad_alloc, and what it refuses it explains. Numbers are read correctly rounded, so
/// every double `encode_json_line` wrote reads back bit for bit.
DecodedJsonLine decode_json_line(std::string_view line);

}  // namespace liquid_energy::wire
