#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "liquid_energy/core/event.hpp"

namespace liquid_energy::nats::detail {

/// A message body read as an event, or why it is none.
struct ImportedEvent {
    std::optional<core::Event> event;
    std::string reason;
};

/// Reads a body in the JSON-line wire format (its newline optional): the event with its type,
/// payload, source and the sender's timestamp. Never throws but std::bad_alloc.
ImportedEvent decode_imported_event(std::string_view body);

}  // namespace liquid_energy::nats::detail
