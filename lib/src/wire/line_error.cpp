#include "liquid_energy/wire/line_error.hpp"

#include <algorithm>
#include <array>

namespace liquid_energy::wire {
namespace {

// Both indexed by LineError.
constexpr std::array<std::string_view, line_error_count> line_error_names{
    "malformed", "wrong_type", "invalid_value", "oversized", "unfinished"};
constexpr std::array<std::uint64_t LineErrorCounts::*, line_error_count> line_error_counters{
    &LineErrorCounts::malformed, &LineErrorCounts::wrong_type, &LineErrorCounts::invalid_value,
    &LineErrorCounts::oversized, &LineErrorCounts::unfinished};

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

struct ByteRange {
    unsigned char low;
    unsigned char high;
};

constexpr ByteRange continuation{0x80, 0xBF};

/// The ranges of the bytes after a lead byte that make a well-formed sequence (the Unicode
/// Standard, table 3-7): no overlong form, no surrogate, nothing above U+10FFFF.
struct Lead {
    std::size_t length;
    ByteRange second;
};

constexpr Lead lead_of(unsigned char byte) noexcept {
    if (byte <= 0x7F) return {1, continuation};
    if (byte >= 0xC2 && byte <= 0xDF) return {2, continuation};
    if (byte == 0xE0) return {3, {0xA0, 0xBF}};
    if (byte == 0xED) return {3, {0x80, 0x9F}};
    if (byte >= 0xE1 && byte <= 0xEF) return {3, continuation};
    if (byte == 0xF0) return {4, {0x90, 0xBF}};
    if (byte >= 0xF1 && byte <= 0xF3) return {4, continuation};
    if (byte == 0xF4) return {4, {0x80, 0x8F}};
    return {0, continuation};
}

bool within(char byte, ByteRange range) noexcept {
    const auto value = static_cast<unsigned char>(byte);
    return value >= range.low && value <= range.high;
}

/// The length of the well-formed UTF-8 sequence that `text` starts with, 0 if none.
std::size_t sequence_length(std::string_view text) noexcept {
    const Lead lead = lead_of(static_cast<unsigned char>(text.front()));
    if (lead.length == 0 || text.size() < lead.length) return 0;
    if (lead.length > 1 && !within(text[1], lead.second)) return 0;
    for (std::size_t i = 2; i < lead.length; ++i) {
        if (!within(text[i], continuation)) return 0;
    }
    return lead.length;
}

}  // namespace

std::string_view to_string(LineError error) noexcept {
    return line_error_names[static_cast<std::size_t>(error)];
}

std::uint64_t& LineErrorCounts::operator[](LineError error) noexcept {
    return this->*line_error_counters[static_cast<std::size_t>(error)];
}

std::uint64_t LineErrorCounts::operator[](LineError error) const noexcept {
    return this->*line_error_counters[static_cast<std::size_t>(error)];
}

std::uint64_t LineErrorCounts::total() const noexcept {
    return malformed + wrong_type + invalid_value + oversized + unfinished;
}

std::string utf8_excerpt(std::string_view text, std::size_t max_bytes) {
    std::string excerpt;
    while (!text.empty()) {
        const auto length = sequence_length(text);
        const auto kept = length == 0 ? replacement_character : text.substr(0, length);
        if (excerpt.size() + kept.size() > max_bytes) break;
        excerpt += kept;
        text.remove_prefix(std::max<std::size_t>(length, 1));
    }
    return excerpt;
}

}  // namespace liquid_energy::wire
