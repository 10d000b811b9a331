#include "imported_event.hpp"

#include "liquid_energy/core/json_line.hpp"

namespace liquid_energy::nats::detail {

ImportedEvent decode_imported_event(std::string_view body) {
    if (body.ends_with('\n')) body.remove_suffix(1);
    if (body.ends_with('\r')) body.remove_suffix(1);
    auto decoded = core::decode_json_line(body);
    if (!decoded.event) return {std::nullopt, std::move(decoded.message)};
    return {std::move(decoded.event), {}};
}

}  // namespace liquid_energy::nats::detail
