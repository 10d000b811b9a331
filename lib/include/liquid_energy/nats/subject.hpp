#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "liquid_energy/core/event.hpp"

namespace liquid_energy::nats {

/// `text` as one valid subject token: ASCII letters, digits, '_' and '-' stay, every other byte
/// becomes `%XX` (upper-case hex), so distinct texts give distinct tokens. The empty text is `%`.
std::string escape_subject_token(std::string_view text);

/// The subject an event is exported on: `<prefix>.<TYPE_NAME>.<source>`, with the type's
/// `to_string` and the source escaped; an event without a source gets `%`, as an empty one does.
std::string subject_for(std::string_view prefix, const core::Event& event);

}  // namespace liquid_energy::nats
