#include "log_tally.hpp"

#include <mutex>

#include <boost/log/core.hpp>
#include <boost/log/expressions/message.hpp>
#include <boost/log/sinks/basic_sink_backend.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/trivial.hpp>
#include <boost/smart_ptr/make_shared_object.hpp>

namespace liquid_soak {

namespace {

class Backend
    : public boost::log::sinks::basic_sink_backend<boost::log::sinks::synchronized_feeding> {
  public:
    void consume(const boost::log::record_view& record) {
        namespace trivial = boost::log::trivial;
        const auto severity = record[trivial::severity];
        const auto message = record[boost::log::expressions::smessage];
        const std::string text = message ? *message : std::string();
        std::lock_guard lock(mutex_);
        if (severity && *severity == trivial::error) {
            ++counts_.errors;
        } else if (severity && *severity == trivial::info &&
                   text.find("timer stops") != std::string::npos) {
            ++counts_.timer_stops;
        } else {
            (severity && *severity == trivial::warning ? counts_.warnings : counts_.other) += 1;
            constexpr std::size_t kept = 8;
            if (counts_.unexpected.size() < kept) counts_.unexpected.push_back(text);
        }
    }

    LogTally::Counts counts() const {
        std::lock_guard lock(mutex_);
        return counts_;
    }

  private:
    mutable std::mutex mutex_;
    LogTally::Counts counts_;
};

using Sink = boost::log::sinks::synchronous_sink<Backend>;

}  // namespace

struct LogTally::State {
    boost::shared_ptr<Backend> backend = boost::make_shared<Backend>();
    boost::shared_ptr<Sink> sink = boost::make_shared<Sink>(backend);
};

LogTally::LogTally() : state_(std::make_unique<State>()) {
    boost::log::core::get()->add_sink(state_->sink);
}

LogTally::~LogTally() { boost::log::core::get()->remove_sink(state_->sink); }

LogTally::Counts LogTally::counts() const { return state_->backend->counts(); }

}  // namespace liquid_soak
