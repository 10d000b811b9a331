#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// What the readers of line-oriented input (JsonLineConnector, the sample market-data replay) say
// about a line they refuse. Each refused line is counted and published as an ERROR event carrying
// `error_message` (for a person) and `reason`, the stable name of its LineError (for a program).
namespace liquid_energy::wire {

/// Why a line of input was refused.
enum class LineError : std::uint8_t {
    /// Not in the format at all: not JSON, a wrong number of fields, an empty record.
    malformed,
    /// In the format, but a field has the wrong type or names nothing known: `"type": 5.5`, an
    /// unknown type name, `"data": []`, `"source": 7`, a price that is not a number.
    wrong_type,
    /// Well typed, but a value is out of its range: a size that is not positive, a crossed quote.
    invalid_value,
    /// Longer than the reader's limit: reported cut to the limit, then skipped up to its newline.
    oversized,
    /// Ended by the end of the input instead of a newline: a peer that left in the middle of a
    /// line, a truncated file.
    unfinished,
};

/// How many LineError values there are; they number 0 ... line_error_count - 1.
inline constexpr std::size_t line_error_count = 5;

/// The stable name of `error`, the "reason" of its ERROR event: "malformed", "wrong_type",
/// "invalid_value", "oversized" or "unfinished".
std::string_view to_string(LineError error) noexcept;

/// Refused lines, counted by reason.
struct LineErrorCounts {
    std::uint64_t malformed = 0;
    std::uint64_t wrong_type = 0;
    std::uint64_t invalid_value = 0;
    std::uint64_t oversized = 0;
    std::uint64_t unfinished = 0;

    /// The counter of `error`.
    std::uint64_t& operator[](LineError error) noexcept;
    std::uint64_t operator[](LineError error) const noexcept;

    /// Every refused line, whatever the reason.
    std::uint64_t total() const noexcept;

    bool operator==(const LineErrorCounts&) const = default;
};

/// The start of `text` as valid UTF-8, fit for an event field and for the JSON-line wire format,
/// at most `max_bytes` long: each byte that is not part of a well-formed UTF-8 sequence becomes
/// U+FFFD, and no character is cut. Readers quote input lines through it.
std::string utf8_excerpt(std::string_view text, std::size_t max_bytes);

}  // namespace liquid_energy::wire
