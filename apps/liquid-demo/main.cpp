// liquid-demo: the whole trading loop in one process and one engine. See apps/README.md.
#include <iostream>

#include "liquid_apps/cli.hpp"
#include "liquid_apps/logging.hpp"
#include "liquid_apps/summary.hpp"
#include "options.hpp"
#include "session.hpp"

namespace {

constexpr const char* program = "liquid-demo";

int run(int argc, char** argv) {
    const auto options = liquid_demo::parse_options(argc, argv);
    if (!options) return 0;
    liquid_apps::setup_console_logging(options->log_level);
    const auto report = liquid_demo::run_session(*options);
    liquid_apps::print_summary(std::cout, program, report);
    if (options->summary_json) liquid_apps::write_summary_json(*options->summary_json, report);
    const auto problems = liquid_apps::session_problems(report);
    for (const auto& problem : problems) std::cerr << program << ": " << problem << '\n';
    if (!problems.empty()) return liquid_apps::exit_failure;
    return report.interrupted ? liquid_apps::exit_interrupted : 0;
}

}  // namespace

int main(int argc, char** argv) {
    return liquid_apps::run_program(program, [&] { return run(argc, argv); });
}
