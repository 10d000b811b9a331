#include "liquid_energy/wire/line_framer.hpp"

#include <algorithm>
#include <stdexcept>

namespace liquid_energy::wire {

LineFramer::LineFramer(std::size_t max_line_length) : max_line_length_(max_line_length) {
    if (max_line_length == 0) {
        throw std::invalid_argument("LineFramer: max_line_length must be positive");
    }
}

void LineFramer::append(std::string_view bytes) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
    buffer_.append(bytes);
    peak_buffered_ = std::max(peak_buffered_, buffer_.size());
}

std::optional<LineFramer::Frame> LineFramer::next() {
    if (skipping_ && !skip_oversized_rest()) return std::nullopt;
    const auto rest = unread();
    const auto newline = rest.find('\n');
    if (newline == std::string_view::npos) {
        if (may_still_fit(rest)) return std::nullopt;
        skipping_ = true;
        consumed_ = buffer_.size();
        return Frame{rest.substr(0, max_line_length_), true};
    }
    auto line = rest.substr(0, newline);
    consumed_ += newline + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > max_line_length_) return Frame{line.substr(0, max_line_length_), true};
    return Frame{line, false};
}

std::string_view LineFramer::partial_line() const noexcept {
    return skipping_ ? std::string_view() : unread();
}

bool LineFramer::may_still_fit(std::string_view unfinished) const noexcept {
    if (unfinished.size() <= max_line_length_) return true;
    // A line of exactly the limit may be waiting for the '\n' of its "\r\n".
    return unfinished.size() - 1 == max_line_length_ && unfinished.back() == '\r';
}

bool LineFramer::skip_oversized_rest() {
    const auto newline = unread().find('\n');
    if (newline == std::string_view::npos) {
        consumed_ = buffer_.size();
        return false;
    }
    consumed_ += newline + 1;
    skipping_ = false;
    return true;
}

std::string_view LineFramer::unread() const noexcept {
    return std::string_view(buffer_).substr(consumed_);
}

}  // namespace liquid_energy::wire
