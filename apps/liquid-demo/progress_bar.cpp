#include "progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace liquid_demo {

bool ProgressBar::fits(std::FILE* stream) noexcept { return isatty(fileno(stream)) == 1; }

void ProgressBar::draw(const liquid_energy::trading::ReplayProgress& progress,
                       std::chrono::duration<double> elapsed) {
    constexpr int width = 30;
    const double done = progress.total_bytes == 0
                            ? 0.0
                            : std::min(1.0, static_cast<double>(progress.bytes_read) /
                                                static_cast<double>(progress.total_bytes));
    const int filled = static_cast<int>(done * width);
    const std::string bar = std::string(filled, '#') + std::string(width - filled, '.');
    std::fprintf(stream_, "\r[%s] %3.0f%%  %llu ticks  %llu bad lines  %.1f s ", bar.c_str(),
                 done * 100, static_cast<unsigned long long>(progress.ticks),
                 static_cast<unsigned long long>(progress.errors), elapsed.count());
    std::fflush(stream_);
}

void ProgressBar::clear() {
    std::fputs("\r\033[K", stream_);
    std::fflush(stream_);
}

}  // namespace liquid_demo
