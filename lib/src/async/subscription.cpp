#include "liquid_energy/core/subscription.hpp"

#include <atomic>
#include <stdexcept>

#include "subscription_state.hpp"

namespace liquid_energy::core {
namespace {

class SubscriptionListener : public EventListener {
  public:
    SubscriptionListener(std::string name, std::vector<EventType> event_types,
                         Subscription::Filter filter,
                         std::shared_ptr<detail::SubscriptionState> state)
        : EventListener(std::move(name), std::move(event_types)),
          filter_(std::move(filter)),
          state_(std::move(state)) {}

    void handle_event(const Event& event) override { state_->push(event); }

    bool accepts(const Event& event) const override {
        return (!filter_ || filter_(event)) && state_->admit(event);
    }

  private:
    Subscription::Filter filter_;
    std::shared_ptr<detail::SubscriptionState> state_;
};

std::string unique_name() {
    static std::atomic<std::uint64_t> count{0};
    return "subscription#" + std::to_string(++count);
}

std::size_t checked(std::size_t capacity) {
    if (capacity == 0) throw std::invalid_argument("Subscription: the capacity must be positive");
    return capacity;
}

}  // namespace

Subscription::Subscription(EventEngine& engine, std::vector<EventType> event_types, Filter filter,
                           std::size_t capacity)
    : engine_(engine) {
    auto name = unique_name();
    state_ =
        std::make_shared<detail::SubscriptionState>(name, checked(capacity), engine.get_executor());
    listener_ = std::make_shared<SubscriptionListener>(std::move(name), std::move(event_types),
                                                       std::move(filter), state_);
    engine.register_listener(listener_);
}

Subscription::~Subscription() {
    state_->close();
    engine_.unregister_listener(listener_);
}

std::optional<Event> Subscription::try_receive() { return state_->try_receive(); }

void Subscription::close() { state_->close(); }

std::uint64_t Subscription::conflated() const { return state_->conflated(); }

std::size_t Subscription::backlog() const { return state_->backlog(); }

Subscription::Gap Subscription::take_gap() { return state_->take_gap(); }

Subscription::executor_type Subscription::get_executor() const noexcept {
    return engine_.get_executor();
}

void Subscription::async_receive_impl(boost::asio::any_completion_handler<Signature> handler) {
    state_->receive(std::move(handler));
}

}  // namespace liquid_energy::core
