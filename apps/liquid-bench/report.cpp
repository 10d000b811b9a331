#include "report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <thread>

#include "process_memory.hpp"

namespace liquid_bench {
namespace {

// The engine's variants, each compared with the baselines.
constexpr std::array<std::string_view, 2> engine_names = {"liquid_energy.typed",
                                                          "liquid_energy.json"};

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    if (values.size() % 2 == 1) return values[middle];
    return (values[middle - 1] + values[middle]) / 2;
}

template <typename Run, typename Field>
double median_of(const std::vector<Run>& runs, Field field) {
    std::vector<double> values;
    for (const auto& run : runs) values.push_back(static_cast<double>(field(run)));
    return median(std::move(values));
}

template <typename... Args>
std::string printf_string(const char* format, Args... args) {
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, format, args...);
    return buffer;
}

std::string check_word(bool ok) { return ok ? "ok" : "FAIL"; }

std::string mib(std::optional<std::uint64_t> kib) {
    return kib ? printf_string("%.1f", static_cast<double>(*kib) / 1024.0) : std::string("n/a");
}

const W1Series* find(const std::vector<W1Series>& all, const std::string& impl, std::size_t k) {
    for (const auto& series : all) {
        if (series.impl == impl && series.listeners == k) return &series;
    }
    return nullptr;
}

std::vector<std::size_t> listener_counts(const std::vector<W1Series>& w1) {
    std::vector<std::size_t> counts;
    for (const auto& series : w1) {
        if (std::find(counts.begin(), counts.end(), series.listeners) == counts.end()) {
            counts.push_back(series.listeners);
        }
    }
    return counts;
}

void print_w1_table(std::ostream& out, const std::vector<W1Series>& w1) {
    out << printf_string("%-24s %3s %12s %25s %8s %13s %13s  %s\n", "impl", "K", "events/s",
                         "min - max events/s", "seconds", "allocs/event", "peak RSS MiB", "check");
    for (const auto& series : w1) {
        const auto s = summarise(series);
        out << printf_string(
            "%-24s %3zu %12s %12s - %10s %8.3f %13.2f %13s  %s\n", series.impl.c_str(),
            series.listeners, grouped(s.events_per_s).c_str(), grouped(s.min_events_per_s).c_str(),
            grouped(s.max_events_per_s).c_str(), s.seconds, s.allocations_per_event,
            mib(series.peak_kib).c_str(), check_word(s.check_ok).c_str());
    }
}

/// Engine events/s over baseline events/s for each K where both ran.
void print_w1_ratios(std::ostream& out, const std::vector<W1Series>& w1, const std::string& engine,
                     const std::vector<std::string>& baselines) {
    for (const auto k : listener_counts(w1)) {
        const auto* mine = find(w1, engine, k);
        if (mine == nullptr) continue;
        std::string line = printf_string("  %-24s K=%-3zu", engine.c_str(), k);
        bool any = false;
        for (const auto& baseline : baselines) {
            const auto* theirs = find(w1, baseline, k);
            if (theirs == nullptr) continue;
            line += printf_string("  %.2fx %s",
                                  summarise(*mine).events_per_s / summarise(*theirs).events_per_s,
                                  baseline.c_str());
            any = true;
        }
        if (any) out << line << '\n';
    }
}

void print_w2_table(std::ostream& out, const std::vector<W2Series>& w2) {
    out << printf_string("%-16s %14s %10s %10s %10s %12s  %s\n", "impl", "achieved/s", "p50", "p99",
                         "p99.9", "max", "check");
    for (const auto& series : w2) {
        const auto s = summarise(series);
        out << printf_string(
            "%-16s %14s %10s %10s %10s %12s  %s\n", series.impl.c_str(),
            grouped(s.achieved_rate).c_str(), grouped(static_cast<double>(s.p50_ns)).c_str(),
            grouped(static_cast<double>(s.p99_ns)).c_str(),
            grouped(static_cast<double>(s.p999_ns)).c_str(),
            grouped(static_cast<double>(s.max_ns)).c_str(), check_word(s.ok).c_str());
    }
}

/// Engine latency over every other implementation's, where the engine ran.
void print_w2_ratios(std::ostream& out, const std::vector<W2Series>& w2, std::string_view engine) {
    const auto mine = std::find_if(w2.begin(), w2.end(),
                                   [&](const auto& series) { return series.impl == engine; });
    if (mine == w2.end()) return;
    const auto m = summarise(*mine);
    out << "  " << engine << '\n';
    for (const auto& theirs : w2) {
        if (theirs.impl == engine) continue;
        const auto t = summarise(theirs);
        auto ratio = [](std::int64_t a, std::int64_t b) {
            return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
        };
        out << printf_string("  vs %-12s p50 %.2fx  p99 %.2fx  p99.9 %.2fx  max %.2fx\n",
                             theirs.impl.c_str(), ratio(m.p50_ns, t.p50_ns),
                             ratio(m.p99_ns, t.p99_ns), ratio(m.p999_ns, t.p999_ns),
                             ratio(m.max_ns, t.max_ns));
    }
}

void print_header(std::ostream& out, const Options& options) {
    out << "liquid-bench: W1 events=" << options.events << ", W2 events=" << options.latency_events
        << " at " << grouped(options.rate) << "/s, threads=" << options.threads
        << " (liquid_energy, asio_plain; naive_cpp has 1), " << options.repeat
        << (options.repeat == 1 ? " run" : " runs, medians") << ", warm-up "
        << (options.warmup ? "on" : "off") << ", " << std::thread::hardware_concurrency()
        << " hardware threads";
    if (options.dispatcher_spin) {
        out << ", liquid_energy dispatcher spin " << options.dispatcher_spin->count() << " us";
    }
    out << "\n";
}

}  // namespace

std::string grouped(double value) {
    const auto integer = static_cast<long long>(std::llround(value));
    std::string digits = std::to_string(integer < 0 ? -integer : integer);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return integer < 0 ? "-" + digits : digits;
}

W1Summary summarise(const W1Series& series) {
    W1Summary summary;
    const auto events = static_cast<double>(series.events);
    summary.seconds = median_of(series.runs, [](const W1Result& run) { return run.seconds; });
    summary.events_per_s = summary.seconds > 0 ? events / summary.seconds : 0;
    if (!series.runs.empty()) {
        const auto [fastest, slowest] =
            std::minmax_element(series.runs.begin(), series.runs.end(),
                                [](const auto& a, const auto& b) { return a.seconds < b.seconds; });
        summary.max_events_per_s = fastest->seconds > 0 ? events / fastest->seconds : 0;
        summary.min_events_per_s = slowest->seconds > 0 ? events / slowest->seconds : 0;
    }
    summary.allocations_per_event =
        median_of(series.runs, [](const W1Result& run) { return run.allocations; }) / events;
    summary.check_ok =
        !series.runs.empty() && std::all_of(series.runs.begin(), series.runs.end(),
                                            [](const W1Result& run) { return run.ok; });
    return summary;
}

W2Summary summarise(const W2Series& series) {
    W2Summary summary;
    const auto& runs = series.runs;
    summary.achieved_rate = median_of(runs, [](const W2Result& r) { return r.achieved_rate; });
    auto whole = [](double value) { return static_cast<std::int64_t>(std::llround(value)); };
    summary.p50_ns = whole(median_of(runs, [](const W2Result& r) { return r.p50_ns; }));
    summary.p99_ns = whole(median_of(runs, [](const W2Result& r) { return r.p99_ns; }));
    summary.p999_ns = whole(median_of(runs, [](const W2Result& r) { return r.p999_ns; }));
    summary.max_ns = whole(median_of(runs, [](const W2Result& r) { return r.max_ns; }));
    summary.ok = !runs.empty() &&
                 std::all_of(runs.begin(), runs.end(), [](const W2Result& r) { return r.ok; });
    return summary;
}

std::string anchor_line(const W1Series& series) {
    const auto s = summarise(series);
    return "impl=" + series.impl + " workload=W1 K=" + std::to_string(series.listeners) +
           " events=" + std::to_string(series.events) +
           printf_string(" seconds=%.3f events_per_s=%lld", s.seconds,
                         static_cast<long long>(std::llround(s.events_per_s))) +
           " check=" + check_word(s.check_ok);
}

std::string anchor_line(const W2Series& series) {
    const auto s = summarise(series);
    return "impl=" + series.impl + " workload=W2 K=1 events=" + std::to_string(series.events) +
           printf_string(
               " rate=%lld achieved_rate=%lld p50_ns=%lld p99_ns=%lld p999_ns=%lld"
               " max_ns=%lld",
               static_cast<long long>(std::llround(series.rate)),
               static_cast<long long>(std::llround(s.achieved_rate)),
               static_cast<long long>(s.p50_ns), static_cast<long long>(s.p99_ns),
               static_cast<long long>(s.p999_ns), static_cast<long long>(s.max_ns)) +
           " check=" + check_word(s.ok);
}

bool all_ok(const std::vector<W1Series>& w1, const std::vector<W2Series>& w2) {
    return std::all_of(w1.begin(), w1.end(), [](const auto& s) { return summarise(s).check_ok; }) &&
           std::all_of(w2.begin(), w2.end(), [](const auto& s) { return summarise(s).ok; });
}

void print_report(std::ostream& out, const Options& options, const std::vector<W1Series>& w1,
                  const std::vector<W2Series>& w2) {
    print_header(out, options);
    if (!w1.empty()) {
        out << "\nW1 throughput: events put per second (deliveries are K times that)\n";
        print_w1_table(out, w1);
        out << "\nW1 liquid_energy / baseline, events per second (above 1: engine faster)\n";
        for (const auto engine : engine_names) {
            print_w1_ratios(out, w1, std::string(engine), {"naive_cpp", "asio_plain"});
        }
    }
    if (!w2.empty()) {
        out << "\nW2 latency, K=1, nanoseconds from put to handle (nearest rank)\n";
        print_w2_table(out, w2);
        out << "\nW2 liquid_energy / baseline, latency (below 1: engine lower)\n";
        for (const auto engine : engine_names) print_w2_ratios(out, w2, engine);
    }
    out << "\nallocs/event: heap allocations during the timed W1 section / N, all threads.\n"
        << "peak RSS: VmHWM reset before each measured W1 run, highest over the runs. W1's\n"
        << "producer is not paced, so this includes whatever backlog the listeners let build up.\n"
        << "Process peak " << mib(process_peak_resident_kib()) << " MiB.\n\nAnchor lines\n";
    for (const auto& series : w1) out << anchor_line(series) << '\n';
    for (const auto& series : w2) out << anchor_line(series) << '\n';
}

void print_scaling_report(std::ostream& out, const Options& options,
                          const std::vector<W1Series>& w1) {
    out << "liquid-bench --scaling: W1 events=" << options.events << ", " << options.repeat
        << (options.repeat == 1 ? " run" : " runs, medians") << ", warm-up "
        << (options.warmup ? "on" : "off") << ", " << std::thread::hardware_concurrency()
        << " hardware threads\n\n";
    print_w1_table(out, w1);

    out << "\nthreads=2 / threads=1, events per second\n";
    for (const std::string impl : {"liquid_energy.typed", "liquid_energy.json", "asio_plain"}) {
        for (const auto k : listener_counts(w1)) {
            const auto* one = find(w1, impl + ".threads1", k);
            const auto* two = find(w1, impl + ".threads2", k);
            if (one == nullptr || two == nullptr) continue;
            out << printf_string("  %-16s K=%-3zu %.2fx\n", impl.c_str(), k,
                                 summarise(*two).events_per_s / summarise(*one).events_per_s);
        }
    }
    out << "\nliquid_energy / baseline, events per second (above 1: engine faster)\n";
    for (const std::string threads : {".threads1", ".threads2"}) {
        for (const auto engine : engine_names) {
            print_w1_ratios(out, w1, std::string(engine) + threads,
                            {"naive_cpp", "asio_plain" + threads});
        }
    }
    out << "\nAnchor lines\n";
    for (const auto& series : w1) out << anchor_line(series) << '\n';
}

void print_isolation_report(std::ostream& out, const Options& options,
                            const std::vector<W2Series>& w2) {
    out << "liquid-bench --isolation: W2 events=" << options.latency_events << " at "
        << grouped(options.rate) << "/s, threads=" << options.threads << ", " << options.repeat
        << (options.repeat == 1 ? " run" : " runs, medians")
        << "; the second row adds a listener that sleeps 10 ms per event, market data conflated "
           "by symbol, backlog limit 64\n\n";
    print_w2_table(out, w2);
    out << "\nThe workload listener's latency alone / beside the slow listener (near 1: not held "
           "up)\n";
    print_w2_ratios(out, w2, engine_names.front());
}

}  // namespace liquid_bench
