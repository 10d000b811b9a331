#pragma once

#include <cstddef>

namespace liquid_energy::core::detail {

/// The size of the unit in which cores pass memory to each other on the machines we run on
/// (x86-64). Not std::hardware_destructive_interference_size: GCC warns that its value depends
/// on the tuning flags, which would give one build's layout to another's objects.
inline constexpr std::size_t cache_line_size = 64;

}  // namespace liquid_energy::core::detail
