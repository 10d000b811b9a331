#include "liquid_apps/data_file.hpp"

#include <fstream>
#include <system_error>

#include "liquid_apps/cli.hpp"

namespace liquid_apps {

std::filesystem::path bundled_market_data() {
    constexpr const char* bundled = "market_data.csv";
    std::error_code error;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        auto installed =
            executable.parent_path().parent_path() / "share/liquid_energy/data" / bundled;
        if (std::filesystem::is_regular_file(installed, error)) return installed;
    }
    return std::filesystem::path(LIQUID_APPS_SOURCE_DATA_DIR) / bundled;
}

void check_data_file(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error) || !std::ifstream(path)) {
        throw UsageError{"cannot read the data file '" + path.string() + "'"};
    }
}

void check_output_file(const std::filesystem::path& path) {
    if (!std::ofstream(path, std::ios::app)) {
        throw UsageError{"cannot write the file '" + path.string() + "'"};
    }
}

}  // namespace liquid_apps
