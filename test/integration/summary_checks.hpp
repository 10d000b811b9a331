#pragma once

// What the summary checkers share: failures are listed as they are found, and counted.

#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace summary_checks {

inline int failures = 0;

inline void check(bool condition, const std::string& what) {
    if (condition) return;
    ++failures;
    std::cerr << "FAILED: " << what << '\n';
}

inline std::string read_file(const char* path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error(std::string("cannot read ") + path);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

}  // namespace summary_checks
