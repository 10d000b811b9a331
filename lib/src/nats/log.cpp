#include "log.hpp"

#include <boost/log/keywords/channel.hpp>

namespace liquid_energy::nats::detail {

Logger& nats_logger() {
    static Logger logger(boost::log::keywords::channel = "liquid_energy.nats");
    return logger;
}

}  // namespace liquid_energy::nats::detail
