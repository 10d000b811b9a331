#include "connection.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "liquid_energy/nats/bridge.hpp"

namespace liquid_energy::nats::detail {

namespace {

struct LinkRegistry {
    std::mutex mutex;
    std::uint64_t next_id = 1;
    std::unordered_map<std::uint64_t, std::shared_ptr<LinkHandler>> handlers;
};

// Never destroyed: libnats's threads may report a closed connection after main() returns.
LinkRegistry& registry() {
    static auto* const instance = new LinkRegistry;
    return *instance;
}

void dispatch(void* closure, LinkEvent event) {
    const auto id = reinterpret_cast<std::uintptr_t>(closure);
    std::shared_ptr<LinkHandler> handler;
    {
        auto& links = registry();
        std::lock_guard lock(links.mutex);
        const auto found = links.handlers.find(id);
        if (found == links.handlers.end()) return;
        handler = found->second;
    }
    (*handler)(event);
}

void on_disconnected(natsConnection*, void* closure) { dispatch(closure, LinkEvent::disconnected); }
void on_reconnected(natsConnection*, void* closure) { dispatch(closure, LinkEvent::reconnected); }
void on_closed(natsConnection*, void* closure) { dispatch(closure, LinkEvent::closed); }

OptionsPtr make_options(const BridgeOptions& options, std::uint64_t link_id) {
    natsOptions* raw = nullptr;
    check_status("natsOptions_Create", natsOptions_Create(&raw));
    OptionsPtr nats_options(raw);
    std::vector<const char*> servers;
    for (const auto& server : options.servers) servers.push_back(server.c_str());
    check_status("natsOptions_SetServers",
                 natsOptions_SetServers(raw, servers.data(), static_cast<int>(servers.size())));
    void* closure = reinterpret_cast<void*>(static_cast<std::uintptr_t>(link_id));
    check_status("natsOptions_SetMaxReconnect",
                 natsOptions_SetMaxReconnect(raw, options.connect_attempts));
    check_status("natsOptions_SetReconnectWait",
                 natsOptions_SetReconnectWait(raw, options.reconnect_wait.count()));
    check_status("natsOptions_SetReconnectBufSize",
                 natsOptions_SetReconnectBufSize(raw, options.reconnect_buffer_bytes));
    check_status("natsOptions_SetDisconnectedCB",
                 natsOptions_SetDisconnectedCB(raw, on_disconnected, closure));
    check_status("natsOptions_SetReconnectedCB",
                 natsOptions_SetReconnectedCB(raw, on_reconnected, closure));
    check_status("natsOptions_SetClosedCB", natsOptions_SetClosedCB(raw, on_closed, closure));
    return nats_options;
}

std::string server_list(const BridgeOptions& options) {
    std::string list;
    for (const auto& server : options.servers) list += (list.empty() ? "" : ", ") + server;
    return list;
}

/// The server did not answer (yet): disconnected, reconnecting, or its JetStream not up.
bool unanswered(natsStatus status) {
    return status == NATS_TIMEOUT || status == NATS_NO_RESPONDERS ||
           status == NATS_CONNECTION_DISCONNECTED || status == NATS_NOT_YET_CONNECTED ||
           status == NATS_STALE_CONNECTION;
}

}  // namespace

std::uint64_t register_link(LinkHandler handler) {
    auto& links = registry();
    std::lock_guard lock(links.mutex);
    const auto id = links.next_id++;
    links.handlers.emplace(id, std::make_shared<LinkHandler>(std::move(handler)));
    return id;
}

void unregister_link(std::uint64_t link_id) {
    auto& links = registry();
    std::lock_guard lock(links.mutex);
    links.handlers.erase(link_id);
}

Connection connect(const BridgeOptions& options, std::uint64_t link_id) {
    const auto nats_options = make_options(options, link_id);
    natsStatus status = NATS_OK;
    for (int attempt = 0; attempt < std::max(options.connect_attempts, 1); ++attempt) {
        natsConnection* raw = nullptr;
        status = natsConnection_Connect(&raw, nats_options.get());
        if (status == NATS_OK) {
            Connection connection{ConnectionPtr(raw), nullptr};
            jsCtx* js = nullptr;
            check_status("natsConnection_JetStream", natsConnection_JetStream(&js, raw, nullptr));
            connection.jet_stream.reset(js);
            return connection;
        }
        std::this_thread::sleep_for(options.reconnect_wait);
    }
    throw ConnectError(
        describe_status(("cannot connect to " + server_list(options)).c_str(), status) + " after " +
        std::to_string(options.connect_attempts) + " attempts");
}

RequestOutcome request_until_answered(const BridgeOptions& options,
                                      const std::function<natsStatus(jsErrCode&)>& request) {
    RequestOutcome outcome;
    for (int attempt = 1;; ++attempt) {
        outcome.js_error = jsErrCode{};
        outcome.status = request(outcome.js_error);
        if (!unanswered(outcome.status) || attempt >= options.connect_attempts) return outcome;
        std::this_thread::sleep_for(options.reconnect_wait);
    }
}

void ensure_stream(jsCtx* jet_stream, const BridgeOptions& options) {
    jsStreamInfo* info = nullptr;
    const auto found = request_until_answered(options, [&](jsErrCode& js_error) {
        return js_GetStreamInfo(&info, jet_stream, options.stream.c_str(), nullptr, &js_error);
    });
    if (found.status == NATS_OK) {
        jsStreamInfo_Destroy(info);
        return;
    }
    if (found.js_error != JSStreamNotFoundErr) {
        check_status("js_GetStreamInfo", found.status, found.js_error);
    }
    const auto subjects = options.stream_subjects.empty()
                              ? std::vector<std::string>{options.prefix + ".>"}
                              : options.stream_subjects;
    std::vector<const char*> subject_list;
    for (const auto& subject : subjects) subject_list.push_back(subject.c_str());
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = options.stream.c_str();
    config.Subjects = subject_list.data();
    config.SubjectsLen = static_cast<int>(subject_list.size());
    config.Storage = js_FileStorage;
    config.Retention = js_LimitsPolicy;
    config.MaxAge = std::chrono::nanoseconds(options.max_age).count();
    config.MaxBytes = options.max_bytes;
    config.Replicas = options.replicas;
    const auto added = request_until_answered(options, [&](jsErrCode& js_error) {
        return js_AddStream(&info, jet_stream, &config, nullptr, &js_error);
    });
    // Another bridge may have created it meanwhile.
    if (added.status != NATS_OK && added.js_error != JSStreamNameExistErr) {
        check_status("js_AddStream", added.status, added.js_error);
    }
    if (info != nullptr) jsStreamInfo_Destroy(info);
}

}  // namespace liquid_energy::nats::detail
