#include "delivery_ledger.hpp"

#include <boost/json/value.hpp>

#include "log.hpp"

namespace liquid_energy::core::detail {

void DeliveryLedger::report_failure(const Event& event, const std::string& listener,
                                    std::string_view what) {
    BOOST_LOG_SEV(core_logger(), boost::log::trivial::error)
        << "listener '" << listener << "' threw while handling " << to_string(event.type()) << ": "
        << what;
    if (event.type() == EventType::ERROR) return;
    report_error_(Event(EventType::ERROR,
                        {{"original_event_type", static_cast<std::uint32_t>(event.type())},
                         {"original_event_type_name", to_string(event.type())},
                         {"error_message", what},
                         {"component", listener}},
                        "liquid_energy.engine"));
}

}  // namespace liquid_energy::core::detail
