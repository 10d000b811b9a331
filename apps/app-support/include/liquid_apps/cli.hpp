#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <boost/log/trivial.hpp>
#include <boost/program_options/options_description.hpp>

namespace liquid_apps {

/// A command line a program cannot run with; the message is one line.
struct UsageError {
    std::string message;
};

inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_interrupted = 130;

/// Stores the command line into the variables `description` binds. False when --help was asked
/// (the help is printed). Throws UsageError for an unknown or bad option.
bool parse_command_line(int argc, char** argv,
                        const boost::program_options::options_description& description);

/// Throws UsageError for a name boost::log does not know.
boost::log::trivial::severity_level parse_log_level(const std::string& name);

/// Throws UsageError unless `port` fits a TCP port; `option` names it in the message.
std::uint16_t checked_port(unsigned port, std::string_view option);

/// main() of a program: runs `body`, which returns the exit status; a UsageError is one line
/// on stderr "<program>: <message> (see --help)" and exit 2, any other exception one line and
/// exit 1.
int run_program(std::string_view program, const std::function<int()>& body);

}  // namespace liquid_apps
