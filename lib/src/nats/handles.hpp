#pragma once

#include <memory>
#include <string>

#include <nats/nats.h>

namespace liquid_energy::nats::detail {

template <typename T, void (*Destroy)(T*)>
struct Destroyer {
    void operator()(T* handle) const noexcept { Destroy(handle); }
};

using OptionsPtr = std::unique_ptr<natsOptions, Destroyer<natsOptions, natsOptions_Destroy>>;
using ConnectionPtr =
    std::unique_ptr<natsConnection, Destroyer<natsConnection, natsConnection_Destroy>>;
using JetStreamPtr = std::unique_ptr<jsCtx, Destroyer<jsCtx, jsCtx_Destroy>>;
using SubscriptionPtr =
    std::unique_ptr<natsSubscription, Destroyer<natsSubscription, natsSubscription_Destroy>>;
using MessagePtr = std::unique_ptr<natsMsg, Destroyer<natsMsg, natsMsg_Destroy>>;

/// "what: the status text (JetStream error N)" for an exception or a log line.
std::string describe_status(const char* what, natsStatus status, jsErrCode js_error = jsErrCode{});

/// Throws std::runtime_error with `describe_status` unless `status` is NATS_OK.
void check_status(const char* what, natsStatus status, jsErrCode js_error = jsErrCode{});

}  // namespace liquid_energy::nats::detail
