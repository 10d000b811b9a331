#include "liquid_energy/core/detail/line_framer.hpp"

namespace liquid_energy::core::detail {

void LineFramer::append(std::string_view bytes) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
    buffer_.append(bytes);
}

std::optional<LineFramer::Frame> LineFramer::next() {
    if (skipping_ && !skip_oversized_rest()) return std::nullopt;
    const auto rest = unread();
    const auto newline = rest.find('\n');
    if (newline == std::string_view::npos) {
        // One byte of slack: a line of exactly the limit may be waiting for its "\r\n".
        if (rest.size() <= max_line_length_ + 1) return std::nullopt;
        skipping_ = true;
        consumed_ = buffer_.size();
        return Frame{std::string(rest.substr(0, max_line_length_)), true};
    }
    auto line = rest.substr(0, newline);
    consumed_ += newline + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > max_line_length_) {
        return Frame{std::string(line.substr(0, max_line_length_)), true};
    }
    return Frame{std::string(line), false};
}

std::string_view LineFramer::partial_line() const noexcept {
    return skipping_ ? std::string_view() : unread();
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

}  // namespace liquid_energy::core::detail
