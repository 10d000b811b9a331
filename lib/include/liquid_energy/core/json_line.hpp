#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "liquid_energy/core/event.hpp"

// The wire format of JsonLineConnector and JsonLineWriter: one event per line, a JSON object
// ended by '\n' ("\r\n" is accepted on input):
//
//   {"type":"MARKET_DATA","data":{"symbol":"ACME","price":101.5},"source":"feed-1","timestamp":1700000000123456789}
//
// - "type" (required): a built-in type by its name ("MARKET_DATA" ... "SYSTEM"), or any type by its
//   number (1 ... 4294967295), which is how user-defined types travel.
// - "data" (optional, default {}): a JSON object, the event's payload.
// - "source" (optional): a string, the component that made the event.
// - "timestamp": written as the sender's nanoseconds since the Unix epoch, for information; a
//   reader stamps the event with its own clock and ignores it. Other fields are ignored too.
namespace liquid_energy::core {

/// The event as one line of the wire format, '\n' included. Built-in types are written by name,
/// others by number.
std::string encode_json_line(const Event& event);

/// The event a line (newline excluded) describes, stamped now; nothing, with `reason` set to why,
/// when the line is not valid JSON, not an object, or has a missing or unknown type, or a "data"
/// that is not an object or a "source" that is not a string.
std::optional<Event> decode_json_line(std::string_view line, std::string& reason);

}  // namespace liquid_energy::core
