#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "implementations.hpp"
#include "options.hpp"
#include "workload.hpp"

namespace liquid_bench {

/// Every measured run of one implementation on one W1 configuration.
struct W1Series {
    std::string impl;
    std::size_t listeners = 0;
    std::uint64_t events = 0;
    std::vector<W1Result> runs;
    /// Highest VmHWM over the measured runs, each taken from a peak reset just before the run;
    /// empty if the kernel refused the reset (the process-wide peak says nothing per run).
    std::optional<std::uint64_t> peak_kib;
};

/// Every measured run of one implementation on W2.
struct W2Series {
    std::string impl;
    std::uint64_t events = 0;
    double rate = 0;
    std::vector<W2Result> runs;
};

/// Measures implementations with the options' repeats and warm-up. The runs of a figure are
/// interleaved (round r runs every implementation once), so that noise from other processes on
/// the machine falls on all of them alike.
class Runner {
  public:
    explicit Runner(const Options& options);

    /// The implementations the options selected, in the bench's order.
    const std::vector<const Implementation*>& selected() const noexcept { return selected_; }

    /// W1 with `listeners` listeners and `threads` workers, one series per implementation in
    /// `impls`, named after it.
    std::vector<W1Series> w1(const std::vector<const Implementation*>& impls, std::size_t listeners,
                             std::size_t threads);

    /// W2 (K = 1), one series per implementation in `impls`, named after it.
    std::vector<W2Series> w2(const std::vector<const Implementation*>& impls);

  private:
    void note(const std::string& what) const;

    const Options& options_;
    std::vector<const Implementation*> selected_;
    bool verbose_;
};

}  // namespace liquid_bench
