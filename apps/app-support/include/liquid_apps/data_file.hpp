#pragma once

#include <filesystem>

namespace liquid_apps {

/// The bundled market-data file: the installed copy next to the executable's prefix, else the
/// one in the source tree.
std::filesystem::path bundled_market_data();

/// Throws UsageError unless `path` is a regular file that can be opened for reading.
void check_data_file(const std::filesystem::path& path);

}  // namespace liquid_apps
