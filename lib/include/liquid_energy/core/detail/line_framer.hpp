#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace liquid_energy::core::detail {

/// Cuts a byte stream into lines ended by '\n' (a '\r' before it is dropped), without I/O, so the
/// policy can be tested alone. A line longer than the limit is returned once, marked oversized and
/// cut to the limit, and the rest of it is skipped up to the next '\n': reading goes on with the
/// following line, and memory stays bounded by the limit plus one appended chunk.
class LineFramer {
  public:
    struct Frame {
        std::string text;
        bool oversized = false;
    };

    explicit LineFramer(std::size_t max_line_length) : max_line_length_(max_line_length) {}

    void append(std::string_view bytes);

    /// The next complete or oversized line, or nothing until more bytes are appended.
    std::optional<Frame> next();

    /// The bytes of a started line not yet ended by '\n' (empty inside a skipped oversized line).
    std::string_view partial_line() const noexcept;

  private:
    bool skip_oversized_rest();
    std::string_view unread() const noexcept;

    std::size_t max_line_length_;
    std::string buffer_;
    std::size_t consumed_ = 0;
    bool skipping_ = false;
};

}  // namespace liquid_energy::core::detail
