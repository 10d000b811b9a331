#include "liquid_energy/trading/memory_monitor.hpp"

#include <charconv>
#include <fstream>
#include <future>
#include <sstream>
#include <utility>

#include <boost/asio/post.hpp>

namespace liquid_energy::trading {
namespace {

constexpr std::uint64_t bytes_per_kib = 1024;

/// The value of a "Name:   1234 kB" line, in bytes.
std::optional<std::uint64_t> status_kib_field(std::string_view status, std::string_view name) {
    for (std::size_t start = 0; start < status.size();) {
        const std::size_t end = std::min(status.find('\n', start), status.size());
        std::string_view line = status.substr(start, end - start);
        start = end + 1;
        if (!line.starts_with(name) || line.substr(name.size(), 1) != ":") continue;
        line.remove_prefix(name.size() + 1);
        line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
        std::uint64_t kib = 0;
        const auto [end_of_number, error] =
            std::from_chars(line.data(), line.data() + line.size(), kib);
        if (error != std::errc() || end_of_number == line.data()) return std::nullopt;
        return kib * bytes_per_kib;
    }
    return std::nullopt;
}

}  // namespace

std::optional<MemoryUsage> parse_memory_usage(std::string_view proc_status) {
    const auto resident = status_kib_field(proc_status, "VmRSS");
    const auto peak = status_kib_field(proc_status, "VmHWM");
    if (!resident || !peak) return std::nullopt;
    return MemoryUsage{*resident, *peak};
}

std::optional<MemoryUsage> read_memory_usage() {
    std::ifstream file("/proc/self/status");
    if (!file) return std::nullopt;
    std::ostringstream text;
    text << file.rdbuf();
    return parse_memory_usage(text.str());
}

MemoryMonitor::MemoryMonitor(core::EventEngine& engine, std::chrono::milliseconds interval,
                             std::string source)
    : engine_(engine),
      interval_(interval),
      source_(std::move(source)),
      strand_(boost::asio::make_strand(engine.get_executor())),
      timer_(strand_) {}

MemoryMonitor::~MemoryMonitor() { stop(); }

void MemoryMonitor::start() {
    if (started_.exchange(true)) return;
    boost::asio::post(strand_, [this] {
        running_ = true;
        sample(/*publish=*/true);
        arm();
    });
}

void MemoryMonitor::stop() {
    if (!started_.exchange(false)) return;
    std::promise<void> stopped;
    boost::asio::post(strand_, [this, &stopped] {
        running_ = false;
        sample(/*publish=*/false);
        timer_.cancel();
        stopped.set_value();
    });
    stopped.get_future().wait();
}

void MemoryMonitor::arm() {
    timer_.expires_after(interval_);
    timer_.async_wait([this](boost::system::error_code error) {
        if (error || !running_) return;
        sample(/*publish=*/true);
        arm();
    });
}

void MemoryMonitor::sample(bool publish) {
    const auto usage = read_memory_usage();
    if (!usage) return;
    peak_.store(std::max(peak_.load(), usage->peak_resident_bytes));
    if (!publish) return;
    engine_.put(core::Event(core::EventType::INFO,
                            {{"kind", "memory"},
                             {"resident_bytes", usage->resident_bytes},
                             {"peak_resident_bytes", usage->peak_resident_bytes}},
                            source_));
}

}  // namespace liquid_energy::trading
