#pragma once

#include <cstdint>

namespace liquid_bench {

/// Heap allocations made through any global `operator new` (plain, array, sized, aligned,
/// nothrow) or C `aligned_alloc` (Asio's handler memory) by any thread since the process
/// started. The bench binary replaces those functions to count them; the count is a relaxed
/// atomic, so it is exact but unordered with respect to other memory operations. Plain C
/// malloc calls are not counted.
std::uint64_t allocation_count() noexcept;

}  // namespace liquid_bench
