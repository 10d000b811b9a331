#include "options.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <boost/program_options.hpp>

#include "implementations.hpp"

namespace liquid_bench {
namespace {

namespace po = boost::program_options;

po::options_description describe() {
    po::options_description description(
        "liquid-bench: the anchor workload (W1 throughput, W2 latency) on liquid_energy and on\n"
        "two baselines, naive_cpp and asio_plain.\n\nOptions");
    // Signed types: Boost.Program_options would accept "-5" for an unsigned and wrap it.
    // clang-format off
    description.add_options()
        ("help,h", "print this help and exit")
        ("events", po::value<std::int64_t>()->default_value(2'000'000),
         "W1: events per measured run")
        ("latency-events", po::value<std::int64_t>()->default_value(200'000),
         "W2: events per measured run")
        ("rate", po::value<double>()->default_value(100'000, "100000"),
         "W2: events put per second")
        ("threads", po::value<std::int64_t>()->default_value(2),
         "worker threads of liquid_energy and asio_plain (0: one per hardware thread)")
        ("listeners", po::value<std::vector<std::int64_t>>()->multitoken(),
         "W1: listener counts K to measure (default: 1 4)")
        ("workload", po::value<std::string>()->default_value("all"), "W1, W2 or all")
        ("only", po::value<std::vector<std::string>>()->composing(),
         "measure only these implementations (liquid_energy.typed, liquid_energy.json, "
         "naive_cpp, asio_plain; liquid_energy names both variants); repeatable or "
         "comma-separated")
        ("repeat", po::value<std::int64_t>()->default_value(1),
         "measured runs per figure; medians are reported")
        ("no-warmup", "skip the unmeasured run with a tenth of the events before each run")
        ("anchor-lines", "print only the WORKLOAD.md key=value lines")
        ("scaling", "instead of the anchor workload: W1 with threads 1 and 2, K = 1, 4, 16")
        ("isolation", "instead of the anchor workload: W2 on liquid_energy alone and with a "
         "second listener that takes 10 ms per event (market data conflated)")
        ("rss-run", po::value<std::int64_t>(),
         "instead of the anchor workload: one W1 run of this many events, resident memory "
         "sampled every second")
        ("rss-listeners", po::value<std::int64_t>()->default_value(4), "--rss-run: listeners K")
        ("idle-cpu", po::value<std::int64_t>(),
         "instead of the anchor workload: the CPU a started liquid_energy engine with --threads "
         "threads uses over this many seconds without events, as a share of one core")
        ("dispatcher-spin-us", po::value<std::int64_t>(),
         "liquid_energy: microseconds its dispatcher polls for events before it sleeps "
         "(default: the engine's, 50; 0: no polling)")
        ("nats", po::value<std::vector<std::string>>()->composing(),
         "instead of the engines in one process: liquid_energy.nats, from one engine through "
         "this NATS JetStream broker (nats://HOST:PORT; repeat for a cluster) to another, K = 1, "
         "with JetStream acks; --events, --latency-events and --rate default to 20000, 5000 "
         "and 500; prints the anchor lines");
    // clang-format on
    return description;
}

std::uint64_t positive(const po::variables_map& vm, const char* name) {
    const auto value = vm[name].as<std::int64_t>();
    if (value <= 0) throw std::invalid_argument(std::string("--") + name + " must be positive");
    return static_cast<std::uint64_t>(value);
}

std::vector<std::string> implementation_names(const std::vector<std::string>& arguments) {
    std::vector<std::string> wanted;
    for (const auto& argument : arguments) {
        std::istringstream list(argument);
        for (std::string name; std::getline(list, name, ',');) {
            if (!name.empty()) wanted.push_back(name);
        }
    }
    // A name selects the implementation of that name, or every variant of it: `liquid_energy`
    // is liquid_energy.typed and liquid_energy.json.
    auto selects = [](std::string_view name, std::string_view impl) {
        return impl == name || (impl.starts_with(name) && impl[name.size()] == '.');
    };
    std::vector<std::string> names;
    for (const auto& name : wanted) {
        const auto all = implementations();
        if (std::none_of(all.begin(), all.end(),
                         [&](const auto& impl) { return selects(name, impl.name); })) {
            throw std::invalid_argument("--only: unknown implementation '" + name + "'");
        }
    }
    for (const auto& impl : implementations()) {
        if (std::any_of(wanted.begin(), wanted.end(),
                        [&](const auto& name) { return selects(name, impl.name); })) {
            names.emplace_back(impl.name);
        }
    }
    if (names.empty()) throw std::invalid_argument("--only names no implementation");
    return names;
}

/// A broker is slower than put(): smaller defaults, and one listener.
void read_nats(const po::variables_map& vm, Options& options) {
    options.nats = vm["nats"].as<std::vector<std::string>>();
    if (vm["events"].defaulted()) options.events = 20'000;
    if (vm["latency-events"].defaulted()) options.latency_events = 5'000;
    if (vm["rate"].defaulted()) options.rate = 500;
    if (vm.count("listeners") != 0 && options.listeners != std::vector<std::size_t>{1}) {
        throw std::invalid_argument("--nats measures one listener: --listeners 1 only");
    }
    options.listeners = {1};
    if (vm.count("only") != 0)
        throw std::invalid_argument("--nats measures liquid_energy.nats only");
    // Its figures stand beside the in-process ones of another run: no ratios to print here.
    options.anchor_lines = true;
}

Options to_options(const po::variables_map& vm) {
    Options options;
    options.events = positive(vm, "events");
    options.latency_events = positive(vm, "latency-events");
    options.rate = vm["rate"].as<double>();
    if (!(options.rate > 0)) throw std::invalid_argument("--rate must be positive");
    const auto threads = vm["threads"].as<std::int64_t>();
    if (threads < 0) throw std::invalid_argument("--threads must not be negative");
    options.threads = static_cast<std::size_t>(threads);
    options.repeat = static_cast<unsigned>(positive(vm, "repeat"));
    options.warmup = vm.count("no-warmup") == 0;
    options.anchor_lines = vm.count("anchor-lines") != 0;
    if (vm.count("listeners") != 0) {
        options.listeners.clear();
        for (const auto k : vm["listeners"].as<std::vector<std::int64_t>>()) {
            if (k <= 0) throw std::invalid_argument("--listeners must be positive");
            options.listeners.push_back(static_cast<std::size_t>(k));
        }
    }
    const auto& workload = vm["workload"].as<std::string>();
    if (workload != "W1" && workload != "W2" && workload != "all") {
        throw std::invalid_argument("--workload must be W1, W2 or all, not '" + workload + "'");
    }
    options.run_w1 = workload != "W2";
    options.run_w2 = workload != "W1";
    if (vm.count("only") != 0) {
        options.only = implementation_names(vm["only"].as<std::vector<std::string>>());
    }
    options.scaling = vm.count("scaling") != 0;
    options.isolation = vm.count("isolation") != 0;
    if (vm.count("rss-run") != 0) options.rss_run = positive(vm, "rss-run");
    if (vm.count("idle-cpu") != 0)
        options.idle_cpu = std::chrono::seconds(positive(vm, "idle-cpu"));
    options.rss_listeners = positive(vm, "rss-listeners");
    if (vm.count("dispatcher-spin-us") != 0) {
        const auto spin = vm["dispatcher-spin-us"].as<std::int64_t>();
        if (spin < 0) throw std::invalid_argument("--dispatcher-spin-us must not be negative");
        options.dispatcher_spin = std::chrono::microseconds(spin);
    }
    if (vm.count("nats") != 0) read_nats(vm, options);
    if (int(options.scaling) + int(options.isolation) + int(options.rss_run != 0) +
            int(options.idle_cpu.count() != 0) + int(!options.nats.empty()) >
        1) {
        throw std::invalid_argument(
            "--scaling, --isolation, --rss-run, --idle-cpu and --nats are separate runs; choose "
            "one");
    }
    return options;
}

}  // namespace

ParsedOptions parse_options(int argc, char** argv) {
    const auto description = describe();
    try {
        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, description), vm);
        po::notify(vm);
        if (vm.count("help") != 0) {
            std::cout << description << '\n';
            return {std::nullopt, 0};
        }
        return {to_options(vm), 0};
    } catch (const std::exception& error) {
        std::cerr << "liquid-bench: " << error.what() << " (see --help)\n";
        return {std::nullopt, 2};
    }
}

}  // namespace liquid_bench
