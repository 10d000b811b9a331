#include "liquid_apps/logging.hpp"

#include <iostream>
#include <vector>

#include <boost/json/serialize.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/utility/setup/console.hpp>

namespace liquid_apps {
namespace {

namespace trivial = boost::log::trivial;
using liquid_energy::core::Event;
using liquid_energy::core::EventType;

trivial::severity_level level_of(EventType type) {
    switch (type) {
        case EventType::ERROR:
            return trivial::warning;
        case EventType::STRATEGY_UPDATE:
        case EventType::INFO:
        case EventType::SYSTEM:
            return trivial::debug;
        default:
            return trivial::trace;
    }
}

std::vector<EventType> types_at(trivial::severity_level level) {
    std::vector<EventType> types;
    for (const auto type :
         {EventType::MARKET_DATA, EventType::ORDER_UPDATE, EventType::TRADE_UPDATE,
          EventType::STRATEGY_UPDATE, EventType::ERROR, EventType::INFO, EventType::SYSTEM}) {
        if (level_of(type) >= level) types.push_back(type);
    }
    return types;
}

class EventLogger : public liquid_energy::core::EventListener {
  public:
    explicit EventLogger(trivial::severity_level level)
        : EventListener("event-logger", types_at(level)) {}

    void handle_event(const Event& event) override {
        BOOST_LOG_SEV(app_logger(), level_of(event.type()))
            << event.type() << " from " << event.source().value_or("?") << ": " << describe(event);
    }

  private:
    /// An error's message alone reads better than its whole payload.
    static std::string describe(const Event& event) {
        const auto* message = event.data().if_contains("error_message");
        if (event.type() == EventType::ERROR && message != nullptr && message->is_string()) {
            return std::string(message->get_string());
        }
        return boost::json::serialize(event.data());
    }
};

}  // namespace

void setup_console_logging(trivial::severity_level level) {
    namespace expr = boost::log::expressions;
    boost::log::add_console_log(
        std::clog,
        boost::log::keywords::filter = expr::attr<trivial::severity_level>("Severity") >= level,
        boost::log::keywords::format =
            expr::stream << "[" << expr::attr<trivial::severity_level>("Severity") << "] "
                         << expr::attr<std::string>("Channel") << ": " << expr::smessage);
}

Logger& app_logger() {
    static Logger logger(boost::log::keywords::channel = "liquid_energy.apps");
    return logger;
}

std::shared_ptr<liquid_energy::core::EventListener> make_event_logger(
    trivial::severity_level level) {
    if (level > trivial::warning) return nullptr;
    return std::make_shared<EventLogger>(level);
}

}  // namespace liquid_apps
