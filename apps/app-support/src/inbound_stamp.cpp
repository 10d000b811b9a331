#include "liquid_apps/inbound_stamp.hpp"

#include <algorithm>
#include <utility>

#include "liquid_energy/core/general_event_listener.hpp"

namespace liquid_apps {
namespace {

namespace core = liquid_energy::core;

class Stamper : public core::GeneralEventListener {
  public:
    Stamper(core::EventEngine& target, std::string source, std::vector<core::EventType> types)
        : GeneralEventListener("inbound_stamp"),
          target_(target),
          source_(std::move(source)),
          types_(std::move(types)) {}

    void handle_event(const core::Event& event) override {
        if (expected(event.type())) {
            target_.put(core::Event(event.type(), event.data(), source_));
            return;
        }
        target_.put(core::Event(
            core::EventType::ERROR,
            {{"component", source_},
             {"reason", "unexpected_type"},
             {"error_message", "refused a " + core::to_string(event.type()) + " event from the " +
                                   source_ + " connection, which does not send that type"}},
            source_));
    }

  private:
    bool expected(core::EventType type) const {
        return types_.empty() || std::find(types_.begin(), types_.end(), type) != types_.end();
    }

    core::EventEngine& target_;
    const std::string source_;
    const std::vector<core::EventType> types_;
};

}  // namespace

InboundStamp::InboundStamp(core::EventEngine& target, std::string source,
                           std::vector<core::EventType> types)
    : inbound_(target.get_executor()) {
    inbound_.register_listener(
        std::make_shared<Stamper>(target, std::move(source), std::move(types)));
    inbound_.start();
}

}  // namespace liquid_apps
