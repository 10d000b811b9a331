#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace liquid_energy::wire {

/// Cuts a byte stream into lines ended by '\n' (a '\r' before it is dropped), without I/O, so that
/// a socket reader and a file reader share one policy and a test or a fuzzer can drive it alone.
///
/// A line longer than the limit is returned once, marked oversized and cut to the limit, and the
/// rest of it is skipped up to the next '\n': reading goes on with the following line. Memory stays
/// bounded: when each `append` follows a `next()` that returned nothing, the framer never holds
/// more than `max_line_length + 1` bytes plus the chunk appended.
///
/// Not thread-safe: one reader drives it.
class LineFramer {
  public:
    /// A line, newline excluded. `text` views the framer's buffer: it stays valid until the next
    /// `append`.
    struct Frame {
        std::string_view text;
        /// The line was longer than the limit; `text` holds its first `max_line_length` bytes.
        bool oversized = false;
    };

    /// Throws std::invalid_argument when `max_line_length` is 0.
    explicit LineFramer(std::size_t max_line_length);

    /// Adds bytes read from the stream.
    void append(std::string_view bytes);

    /// The next complete or oversized line, or nothing until more bytes are appended.
    std::optional<Frame> next();

    /// The bytes of a started line not yet ended by '\n' (empty inside a skipped oversized line):
    /// at the end of the stream, an unfinished line.
    std::string_view partial_line() const noexcept;

    /// Bytes held now, lines already returned included until the next `append` drops them.
    std::size_t buffered() const noexcept { return buffer_.size(); }

    /// The most bytes held at once since construction.
    std::size_t peak_buffered() const noexcept { return peak_buffered_; }

  private:
    bool skip_oversized_rest();
    std::string_view unread() const noexcept;
    bool may_still_fit(std::string_view unfinished) const noexcept;

    std::size_t max_line_length_;
    std::string buffer_;
    std::size_t consumed_ = 0;
    std::size_t peak_buffered_ = 0;
    bool skipping_ = false;
};

}  // namespace liquid_energy::wire
