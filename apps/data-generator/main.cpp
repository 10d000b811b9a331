// Writes the synthetic market data bundled with the samples; see apps/data/README.md.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include <boost/program_options.hpp>

#include "liquid_energy/trading/csv_tick_parser.hpp"
#include "tick_generator.hpp"

namespace po = boost::program_options;

namespace {

struct Options {
    std::uint64_t seed = 0;
    std::size_t ticks = 0;
    std::size_t malformed = 0;
    std::string output;
};

// Returns false after printing help.
bool parse_options(int argc, char** argv, Options& options) {
    po::options_description description("liquid-data-generator options");
    auto add = description.add_options();
    add("help", "show this help");
    add("seed", po::value(&options.seed)->default_value(20240102), "random seed");
    add("ticks", po::value(&options.ticks)->default_value(100'000), "valid ticks to write");
    add("malformed", po::value(&options.malformed)->default_value(0),
        "malformed lines to spread evenly through the file");
    add("output", po::value(&options.output)->required(), "CSV file to write");
    po::variables_map values;
    po::store(po::parse_command_line(argc, argv, description), values);
    if (values.count("help") != 0) {
        std::cout << description;
        return false;
    }
    po::notify(values);
    return true;
}

void write_file(const Options& options) {
    std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot open " + options.output + " for writing");
    liquid_data_generator::TickGenerator generator(liquid_data_generator::default_instruments(),
                                                   options.seed);
    out << liquid_energy::trading::csv_tick_header << '\n';
    std::size_t malformed_written = 0;
    for (std::size_t tick = 0; tick < options.ticks; ++tick) {
        // The kth malformed line goes before tick k * ticks / (malformed + 1).
        while (malformed_written < options.malformed &&
               tick >= (malformed_written + 1) * options.ticks / (options.malformed + 1)) {
            out << generator.malformed_line(malformed_written++) << '\n';
        }
        out << generator.next_line() << '\n';
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + options.output);
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        if (!parse_options(argc, argv, options)) return 0;
    } catch (const po::error& error) {
        std::cerr << "liquid-data-generator: " << error.what() << '\n';
        return 2;
    }
    try {
        write_file(options);
    } catch (const std::exception& error) {
        std::cerr << "liquid-data-generator: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
