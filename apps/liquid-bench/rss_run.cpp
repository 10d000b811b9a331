#include "rss_run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

#include "process_memory.hpp"
#include "report.hpp"

namespace liquid_bench {
namespace {

/// Samples VmRSS once a second on its own thread until destroyed, with the backlog: events put
/// that the slowest listener has not handled yet (both counts advance in steps of 64Ki).
class RssSampler {
  public:
    RssSampler(std::ostream& out, std::string impl, const Progress& progress)
        : out_(out), impl_(std::move(impl)), progress_(progress), thread_([this] { sample(); }) {}

    ~RssSampler() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        stop_.notify_all();
        thread_.join();
    }

    RssSampler(const RssSampler&) = delete;
    RssSampler& operator=(const RssSampler&) = delete;

    std::vector<std::uint64_t> samples() const {
        std::lock_guard lock(mutex_);
        return samples_;
    }

    std::uint64_t max_backlog() const {
        std::lock_guard lock(mutex_);
        return max_backlog_;
    }

  private:
    void sample() {
        const auto start = std::chrono::steady_clock::now();
        std::unique_lock lock(mutex_);
        for (int second = 1;; ++second) {
            if (stop_.wait_until(lock, start + std::chrono::seconds(second),
                                 [this] { return stopping_; })) {
                return;
            }
            const auto kib = resident_kib().value_or(0);
            samples_.push_back(kib);
            const auto put = progress_.put.load(std::memory_order_relaxed);
            auto slowest = put;
            for (const auto& handled : progress_.handled) {
                slowest = std::min(slowest, handled.load(std::memory_order_relaxed));
            }
            max_backlog_ = std::max(max_backlog_, put - slowest);
            out_ << "impl=" << impl_ << " rss_sample t_s=" << second << " rss_kib=" << kib
                 << " put=" << put << " slowest_handled=" << slowest << " backlog=" << put - slowest
                 << std::endl;
        }
    }

    std::ostream& out_;
    std::string impl_;
    const Progress& progress_;
    mutable std::mutex mutex_;
    std::condition_variable stop_;
    bool stopping_ = false;
    std::vector<std::uint64_t> samples_;
    std::uint64_t max_backlog_ = 0;
    std::thread thread_;
};

}  // namespace

bool run_rss(std::ostream& out, const Options& options, const Runner& runner) {
    bool ok = true;
    for (const auto* impl : runner.selected()) {
        Progress progress(options.rss_listeners);
        const Scenario scenario{.events = options.rss_run,
                                .listeners = options.rss_listeners,
                                .threads = options.threads,
                                .progress = &progress,
                                .dispatcher_spin = options.dispatcher_spin,
                                .nats_servers = {}};
        reset_peak_resident();
        const auto before = resident_kib().value_or(0);
        out << "impl=" << impl->name << " rss_run events=" << options.rss_run
            << " K=" << options.rss_listeners << " rss_kib_before=" << before << std::endl;

        W1Series series{std::string(impl->name), options.rss_listeners, options.rss_run, {}, {}};
        std::vector<std::uint64_t> samples;
        std::uint64_t max_backlog = 0;
        {
            RssSampler sampler(out, series.impl, progress);
            series.runs.push_back(impl->run_w1(scenario));
            samples = sampler.samples();
            max_backlog = sampler.max_backlog();
        }
        series.peak_kib = peak_resident_kib();
        ok = ok && series.runs.front().ok;

        const auto [low, high] = std::minmax_element(samples.begin(), samples.end());
        out << "impl=" << impl->name << " rss_summary samples=" << samples.size()
            << " min_kib=" << (samples.empty() ? 0 : *low)
            << " max_kib=" << (samples.empty() ? 0 : *high)
            << " peak_kib=" << series.peak_kib.value_or(0) << " max_backlog=" << max_backlog << '\n'
            << anchor_line(series) << std::endl;
    }
    return ok;
}

}  // namespace liquid_bench
