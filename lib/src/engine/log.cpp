#include "log.hpp"

namespace liquid_energy::core::detail {

Logger& core_logger() {
    static Logger logger(boost::log::keywords::channel = "liquid_energy.core");
    return logger;
}

}  // namespace liquid_energy::core::detail
