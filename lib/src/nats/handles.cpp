#include "handles.hpp"

#include <stdexcept>

namespace liquid_energy::nats::detail {

std::string describe_status(const char* what, natsStatus status, jsErrCode js_error) {
    std::string text = std::string(what) + ": " + natsStatus_GetText(status);
    if (js_error != 0) text += " (JetStream error " + std::to_string(js_error) + ")";
    return text;
}

void check_status(const char* what, natsStatus status, jsErrCode js_error) {
    if (status != NATS_OK) throw std::runtime_error(describe_status(what, status, js_error));
}

}  // namespace liquid_energy::nats::detail
