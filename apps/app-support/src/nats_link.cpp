#include "liquid_apps/nats_link.hpp"

#include <future>
#include <utility>

#include "liquid_apps/cli.hpp"
#include "liquid_apps/nats_settings.hpp"
#include "liquid_apps/reconnecting_link.hpp"
#include "liquid_energy/core/event_listener.hpp"

namespace liquid_apps {

namespace core = liquid_energy::core;
namespace nats = liquid_energy::nats;

/// Follows the bridge's link events: counts its outages, and turns its giving up into the
/// link's link_failed, which ends the run.
class NatsLink::BridgeWatch : public core::EventListener {
  public:
    explicit BridgeWatch(NatsLink& link, std::string bridge_name)
        : EventListener(link.name_ + "_nats_watch",
                        {core::EventType::SYSTEM, core::EventType::ERROR}),
          link_(link),
          bridge_name_(std::move(bridge_name)) {}

    bool accepts(const core::Event& event) const override {
        return event.source() == bridge_name_ && event.data().contains("nats");
    }

    void handle_event(const core::Event& event) override {
        const std::string what(event.data().at("nats").as_string());
        if (event.type() == core::EventType::ERROR) return fail(what);
        ++(what == "reconnected" ? link_.reconnections_ : link_.outages_);
    }

  private:
    void fail(const std::string& reason) {
        link_.engine_.put(make_link_event(
            core::EventType::ERROR, link_failed_kind, link_.name_, link_.address_,
            {{"error_message", "the NATS link gave up: " + reason}, {"reason", reason}}));
        link_.failed_ = true;
        link_.ended_.close();
    }

    NatsLink& link_;
    const std::string bridge_name_;
};

NatsLink::NatsLink(core::EventEngine& engine, std::string name, nats::BridgeOptions options)
    : engine_(engine),
      name_(std::move(name)),
      address_(server_list(options.servers)),
      bridge_(engine, options),
      ended_(engine.get_executor()),
      bridge_watch_(std::make_shared<BridgeWatch>(*this, options.name)) {
    engine_.register_listener(bridge_watch_);
}

NatsLink::~NatsLink() { engine_.unregister_listener(bridge_watch_); }

void NatsLink::start() {
    try {
        bridge_.start();
    } catch (const nats::ConnectError& error) {
        throw Unreachable(error.what());
    }
    engine_.put(make_link_event(core::EventType::SYSTEM, link_up_kind, name_, address_,
                                {{"reconnected", false}, {"attempts", 1}}));
}

void NatsLink::stop() {
    // A failed link's run has ended: nothing may complete on it any more.
    if (!failed_) bridge_.async_stop([this] { ended_.add(1); });
}

boost::system::error_code NatsLink::stop_and_wait() {
    std::promise<boost::system::error_code> ended;
    async_run([&ended](boost::system::error_code error) { ended.set_value(error); });
    stop();
    return ended.get_future().get();
}

void NatsLink::grant_imports(std::uint64_t count) { bridge_.grant_imports(count); }

void NatsLink::count_outages(LinkReport& report) const {
    report.outages += outages_.load();
    report.reconnections += reconnections_.load();
}

}  // namespace liquid_apps
