#include "liquid_apps/cli.hpp"

#include <exception>
#include <iostream>

#include <boost/program_options.hpp>

namespace liquid_apps {

namespace po = boost::program_options;

bool parse_command_line(int argc, char** argv, const po::options_description& description) {
    po::variables_map values;
    try {
        po::store(po::parse_command_line(argc, argv, description), values);
        po::notify(values);
    } catch (const po::error& error) {
        throw UsageError{error.what()};
    }
    if (values.count("help") == 0) return true;
    std::cout << description;
    return false;
}

boost::log::trivial::severity_level parse_log_level(const std::string& name) {
    boost::log::trivial::severity_level level{};
    if (!boost::log::trivial::from_string(name.data(), name.size(), level)) {
        throw UsageError{"unknown --log-level '" + name + "'"};
    }
    return level;
}

std::uint16_t checked_port(unsigned port, std::string_view option) {
    if (port > 65535) throw UsageError{"--" + std::string(option) + " must be at most 65535"};
    return static_cast<std::uint16_t>(port);
}

int run_program(std::string_view program, const std::function<int()>& body) {
    try {
        return body();
    } catch (const UsageError& error) {
        std::cerr << program << ": " << error.message << " (see --help)\n";
        return exit_usage;
    } catch (const std::exception& error) {
        std::cerr << program << ": " << error.what() << '\n';
        return exit_failure;
    }
}

}  // namespace liquid_apps
