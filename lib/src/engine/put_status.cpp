#include "liquid_energy/core/put_status.hpp"

#include <ostream>

namespace liquid_energy::core {

std::string_view to_string(PutStatus status) noexcept {
    switch (status) {
        case PutStatus::accepted:
            return "accepted";
        case PutStatus::stopped:
            return "stopped";
        case PutStatus::backlog_full:
            return "backlog_full";
        case PutStatus::timed_out:
            return "timed_out";
    }
    return "unknown";
}

std::ostream& operator<<(std::ostream& out, PutStatus status) { return out << to_string(status); }

}  // namespace liquid_energy::core
