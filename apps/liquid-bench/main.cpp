// liquid-bench: the anchor workload of WORKLOAD.md on liquid_energy and two baselines it carries
// (naive_cpp, asio_plain), with allocations per event, peak memory, a scaling report, a long
// memory run, the slow-listener isolation figure and the idle engine's CPU. Exit status: 0 all
// checks ok, 1 a check failed, 2 a bad command line.
#include <exception>
#include <iostream>
#include <vector>

#include "idle_cpu.hpp"
#include "options.hpp"
#include "report.hpp"
#include "rss_run.hpp"
#include "runner.hpp"

namespace liquid_bench {
namespace {

bool run_anchor_workload(const Options& options, Runner& runner) {
    std::vector<W1Series> w1;
    if (options.run_w1) {
        for (const auto k : options.listeners) {
            auto series = runner.w1(runner.selected(), k, options.threads);
            if (options.anchor_lines) {
                for (const auto& s : series) std::cout << anchor_line(s) << std::endl;
            }
            w1.insert(w1.end(), series.begin(), series.end());
        }
    }
    std::vector<W2Series> w2;
    if (options.run_w2) {
        w2 = runner.w2(runner.selected());
        if (options.anchor_lines) {
            for (const auto& s : w2) std::cout << anchor_line(s) << std::endl;
        }
    }
    if (!options.anchor_lines) print_report(std::cout, options, w1, w2);
    return all_ok(w1, w2);
}

bool run_scaling(const Options& options, Runner& runner) {
    std::vector<W1Series> w1;
    for (const std::size_t k : {1, 4, 16}) {
        for (const std::size_t threads : {1, 2}) {
            std::vector<const Implementation*> impls;
            for (const auto* impl : runner.selected()) {
                // naive_cpp has one thread whatever is asked: measured once per K.
                if (impl->has_threads || threads == 1) impls.push_back(impl);
            }
            auto series = runner.w1(impls, k, threads);
            for (std::size_t i = 0; i < series.size(); ++i) {
                if (impls[i]->has_threads) series[i].impl += ".threads" + std::to_string(threads);
                if (options.anchor_lines) std::cout << anchor_line(series[i]) << std::endl;
            }
            w1.insert(w1.end(), series.begin(), series.end());
        }
    }
    if (!options.anchor_lines) print_scaling_report(std::cout, options, w1);
    return all_ok(w1, {});
}

/// W2 on the engine alone and with a listener that takes 10 ms per event beside it.
bool run_isolation(const Options& options, Runner& runner) {
    const auto* engine = &implementations().front();
    const auto w2 = runner.w2({engine, &with_slow_listener()});
    if (options.anchor_lines) {
        for (const auto& series : w2) std::cout << anchor_line(series) << std::endl;
    } else {
        print_isolation_report(std::cout, options, w2);
    }
    return all_ok({}, w2);
}

}  // namespace
}  // namespace liquid_bench

int main(int argc, char** argv) {
    using namespace liquid_bench;
    const auto parsed = parse_options(argc, argv);
    if (!parsed.options) return parsed.exit_status;
    const Options& options = *parsed.options;
    try {
        Runner runner(options);
        bool ok = false;
        if (options.idle_cpu.count() != 0) {
            ok = run_idle_cpu(std::cout, options);
        } else if (options.rss_run != 0) {
            ok = run_rss(std::cout, options, runner);
        } else if (options.scaling) {
            ok = run_scaling(options, runner);
        } else if (options.isolation) {
            ok = run_isolation(options, runner);
        } else {
            ok = run_anchor_workload(options, runner);
        }
        return ok ? 0 : 1;
    } catch (const std::exception& error) {
        std::cerr << "liquid-bench: " << error.what() << '\n';
        return 1;
    }
}
