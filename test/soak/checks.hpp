#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "soak_run.hpp"

namespace liquid_soak {

/// What the checks found wrong: the first few lines, and how many in all.
struct Findings {
    std::vector<std::string> lines;
    std::uint64_t count = 0;

    void add(std::string line);
    void add_all(const std::vector<std::string>& more);
    bool ok() const noexcept { return count == 0; }
};

/// Holds the end of a run to the engine's documented accounting, the sources' logs and the
/// listeners' own records. What is exactly checkable, and what is not, is said in checks.cpp.
Findings check(const RunRecord& run);

/// The number of put calls the run made, whoever made them (see checks.cpp).
std::uint64_t put_calls(const RunRecord& run);

}  // namespace liquid_soak
