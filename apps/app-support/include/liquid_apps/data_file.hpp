#pragma once

#include <filesystem>

namespace liquid_apps {

/// The bundled market-data file: the installed copy next to the executable's prefix, else the
/// one in the source tree.
std::filesystem::path bundled_market_data();

/// Throws UsageError unless `path` is a regular file that can be opened for reading.
void check_data_file(const std::filesystem::path& path);

/// Throws UsageError unless `path` can be opened for writing; creates it if missing, so that a
/// bad path fails at the start and not after a whole session.
void check_output_file(const std::filesystem::path& path);

}  // namespace liquid_apps
