// liquid-soak: issue #6's soak test. Producer threads put events of every overflow policy while
// listeners come and go (some throw, some are slow, some have tiny backlogs, some react, some
// quit from their own handler), timers start and stop and the engine restarts, all drawn from one
// seed; at the end every account must balance and every listener must have seen each producer's
// events in order. Exit status 0 when every check passes, 1 when one fails, 2 for a bad option,
// 3 when the run hangs (a watchdog ends it).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/program_options.hpp>

#include "checks.hpp"
#include "soak_run.hpp"

namespace {

namespace po = boost::program_options;
using liquid_soak::Options;

std::optional<Options> parse(int argc, char** argv, int& exit_status) {
    po::options_description description(
        "liquid-soak: puts, (un)registrations, throwing handlers, timers and restarts at random,\n"
        "then checks the accounting and each producer's order.\n\nOptions");
    // Signed types: Boost.Program_options would accept "-5" for an unsigned and wrap it.
    // clang-format off
    description.add_options()
        ("help,h", "print this help and exit")
        ("seconds", po::value<double>()->default_value(60), "how long to run")
        ("seed", po::value<std::uint64_t>(), "the seed to replay (default: from the clock)")
        ("producers", po::value<std::int64_t>()->default_value(4), "producer threads")
        ("threads", po::value<std::int64_t>()->default_value(2), "the engine's worker threads");
    // clang-format on
    try {
        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, description), vm);
        po::notify(vm);
        if (vm.count("help") != 0) {
            std::cout << description << '\n';
            exit_status = 0;
            return std::nullopt;
        }
        Options options;
        options.duration = std::chrono::duration<double>(vm["seconds"].as<double>());
        const auto producers = vm["producers"].as<std::int64_t>();
        const auto threads = vm["threads"].as<std::int64_t>();
        if (options.duration.count() <= 0 || producers <= 0 || threads <= 0) {
            throw std::invalid_argument("--seconds, --producers and --threads must be positive");
        }
        options.producers = static_cast<std::size_t>(producers);
        options.threads = static_cast<std::size_t>(threads);
        options.seed = vm.count("seed") != 0
                           ? vm["seed"].as<std::uint64_t>()
                           : static_cast<std::uint64_t>(
                                 std::chrono::system_clock::now().time_since_epoch().count());
        return options;
    } catch (const std::exception& error) {
        std::cerr << "liquid-soak: " << error.what() << '\n';
        exit_status = 2;
        return std::nullopt;
    }
}

/// Ends the process if the run outlives its deadline: a hang must fail, not block a CI job.
class Watchdog {
  public:
    Watchdog(std::chrono::steady_clock::duration limit, std::uint64_t seed)
        : thread_([this, limit, seed] {
              std::unique_lock lock(mutex_);
              if (!done_changed_.wait_for(lock, limit, [this] { return done_; })) {
                  std::cerr << "liquid-soak: FAILED: still running after "
                            << std::chrono::duration_cast<std::chrono::seconds>(limit).count()
                            << " s, a hang (replay with --seed " << seed << ")" << std::endl;
                  std::_Exit(3);
              }
          }) {}

    ~Watchdog() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        done_changed_.notify_all();
        thread_.join();
    }

    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

  private:
    std::mutex mutex_;
    std::condition_variable done_changed_;
    bool done_ = false;
    std::thread thread_;
};

void print_summary(const liquid_soak::RunRecord& run, const liquid_soak::Findings& findings,
                   std::uint64_t seed) {
    const auto& engine = run.engine;
    const auto& activity = run.activity;
    std::cout << "liquid-soak: seed=" << seed << " puts=" << liquid_soak::put_calls(run)
              << " accepted=" << engine.accepted << " rejected=" << engine.rejected
              << " (stopped=" << engine.rejected_by.stopped
              << " backlog_full=" << engine.rejected_by.backlog_full
              << " timed_out=" << engine.rejected_by.timed_out << ") handled=" << engine.handled
              << " failed=" << engine.failed << " filtered=" << engine.filtered
              << " conflated=" << engine.conflated << " discarded=" << engine.discarded
              << " restarts=" << activity.restarts << " registrations=" << activity.registrations
              << " unregistrations=" << activity.unregistrations
              << " timers=" << activity.timers_started
              << " checks=" << (findings.ok() ? "ok" : "FAILED") << '\n';
    for (const auto& line : findings.lines) std::cout << "  " << line << '\n';
    if (findings.count > findings.lines.size()) {
        std::cout << "  ... and " << findings.count - findings.lines.size() << " more\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    int exit_status = 0;
    const auto options = parse(argc, argv, exit_status);
    if (!options) return exit_status;
    std::cout << "liquid-soak: seed " << options->seed << " (replay with --seed " << options->seed
              << "), " << options->duration.count() << " s, " << options->producers
              << " producers, " << options->threads << " engine threads" << std::endl;

    // Generous: sanitizer builds on a shared machine drain slowly.
    const Watchdog watchdog(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(2 * options->duration) +
            std::chrono::minutes(3),
        options->seed);
    liquid_soak::Soak soak(*options);
    return soak.run([&](const liquid_soak::RunRecord& run) {
        const auto findings = liquid_soak::check(run);
        print_summary(run, findings, options->seed);
        return findings.ok() ? 0 : 1;
    });
}
