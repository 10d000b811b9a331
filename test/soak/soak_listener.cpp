#include "soak_listener.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string_view>
#include <thread>

#include <boost/json/serialize.hpp>

namespace liquid_soak {
namespace {

constexpr std::string_view planned_failure = "soak: planned failure";
constexpr std::string_view destructor_failure = "soak: a local's destructor threw";

/// Throws when it goes out of scope normally, as a handler returns.
struct ThrowsOnReturn {
    ThrowsOnReturn() = default;
    ThrowsOnReturn(const ThrowsOnReturn&) = delete;
    ThrowsOnReturn& operator=(const ThrowsOnReturn&) = delete;
    ~ThrowsOnReturn() noexcept(false) {
        if (std::uncaught_exceptions() == 0)
            throw std::runtime_error(std::string(destructor_failure));
    }
};

void throw_from_a_destructor() { const ThrowsOnReturn local; }

std::string name_of(std::int64_t id, const Traits& traits) {
    if (traits.auditor) return "auditor:" + core::to_string(traits.types.front());
    return (traits.throws ? "thrower#" : "listener#") + std::to_string(id);
}

std::int64_t integer(const core::Event& event, std::string_view key) {
    return event.data().at(key).to_number<std::int64_t>();
}

}  // namespace

std::size_t symbol_index(std::string_view symbol) {
    return static_cast<std::size_t>(std::find(symbols.begin(), symbols.end(), symbol) -
                                    symbols.begin());
}

SoakListener::SoakListener(std::int64_t id, Traits traits, std::uint64_t seed,
                           core::EventEngine& engine)
    : EventListener(name_of(id, traits), traits.types),
      id_(id),
      traits_(std::move(traits)),
      engine_(engine),
      random_(seed) {
    effects_.source = first_reactor + id;
}

bool SoakListener::accepts(const core::Event& event) const {
    if (quit_) called_after_quit_ = true;
    if (!traits_.filters) return true;
    const auto* seq = event.data().if_contains("seq");
    if (seq == nullptr || !filtered_out(seq->to_number<std::int64_t>())) return true;
    ++calls_.filtered;
    return false;
}

void SoakListener::handle_event(const core::Event& event) {
    if (quit_ || called_after_quit_) violation("called after it unregistered itself");
    ++invocations_;
    observe(event);
    if (traits_.slow) {
        std::this_thread::sleep_for(std::chrono::microseconds(random_() % 200));
    }
    if (traits_.reacts && event.type() == core::EventType::ORDER_UPDATE) react(event);
    if (random_() % 64 == 0) peek_at_engine();
    quit_if_due();
    if (traits_.throws && random_() % 8 == 0) {
        fail(event);
        return;
    }
    ++calls_.handled;
}

void SoakListener::fail(const core::Event& event) {
    ++calls_.failed;
    if (event.type() == core::EventType::ERROR) ++calls_.failed_on_error;
    switch (random_() % 3) {
        case 0:
            throw std::runtime_error(std::string(planned_failure));
        case 1:
            throw 7;
        default:
            throw_from_a_destructor();
    }
}

void SoakListener::observe(const core::Event& event) {
    if (event.type() == core::EventType::ERROR) {
        observe_error(event);
    } else if (event.type() == tick_type) {
        observe_tick(event);
    } else {
        observe_sourced(event);
    }
}

void SoakListener::observe_sourced(const core::Event& event) {
    const std::int64_t source = integer(event, "producer");
    const std::int64_t seq = integer(event, "seq");
    Stream& stream = streams_[{source, event.type()}];
    const bool quote = event.type() == core::EventType::MARKET_DATA;
    if (seq <= stream.last) {
        // Conflation keeps a replaced quote's place, so quotes of other symbols may overtake.
        if (!quote) {
            violation(core::to_string(event.type()) + " of source " + std::to_string(source) +
                      ": seq " + std::to_string(seq) + " after " + std::to_string(stream.last));
        }
        ++stream.inversions;
    }
    if (stream.count == 0) stream.first = seq;
    stream.first = std::min(stream.first, seq);
    stream.last = std::max(stream.last, seq);
    ++stream.count;
    if (quote) {
        const std::size_t symbol = symbol_index(event.data().at("symbol").as_string());
        if (symbol >= symbols.size()) {
            violation("a quote of an unknown symbol");
            return;
        }
        last_quotes_[symbol] = QuoteKey{source, seq};
        const QuoteKey key{source, static_cast<std::int64_t>(symbol)};
        const auto [latest, fresh] = quotes_.try_emplace(key, seq);
        if (!fresh && seq <= latest->second) {
            violation("MARKET_DATA of source " + std::to_string(source) + ", " +
                      std::string(symbols[symbol]) + ": seq " + std::to_string(seq) + " after " +
                      std::to_string(latest->second));
        }
        latest->second = std::max(latest->second, seq);
    }
    if (event.type() == effect_type && event.data().contains("cause_source")) check_cause(event);
}

void SoakListener::check_cause(const core::Event& effect) {
    const std::int64_t cause_seq = integer(effect, "cause_seq");
    const auto seen =
        streams_.find({integer(effect, "cause_source"), core::EventType::ORDER_UPDATE});
    // Having seen an earlier ORDER_UPDATE of that source, it was registered when the cause was
    // routed, so the cause reached it first (unless its filter refused it).
    if (seen == streams_.end() || seen->second.last >= cause_seq) return;
    if (traits_.filters && filtered_out(cause_seq)) return;
    violation("effect " + std::to_string(integer(effect, "seq")) + " arrived before its cause " +
              std::to_string(cause_seq));
}

void SoakListener::observe_tick(const core::Event& event) {
    const std::int64_t tick = integer(event, "tick");
    Stream& stream = ticks_[integer(event, "timer")];
    // A timer numbers only the ticks the engine accepted: a listener sees them without a gap.
    if (stream.count != 0 && tick != stream.last + 1) {
        violation("timer " + std::to_string(integer(event, "timer")) + ": tick " +
                  std::to_string(tick) + " after " + std::to_string(stream.last));
    }
    if (stream.count == 0) stream.first = tick;
    stream.last = tick;
    ++stream.count;
}

void SoakListener::observe_error(const core::Event& event) {
    const auto& data = event.data();
    const auto* component = data.if_contains("component");
    const auto* message = data.if_contains("error_message");
    const auto* type = data.if_contains("original_event_type");
    const auto* type_name = data.if_contains("original_event_type_name");
    const bool expected =
        component != nullptr && component->is_string() &&
        component->get_string().starts_with("thrower#") && message != nullptr &&
        message->is_string() &&
        (message->get_string() == planned_failure || message->get_string() == destructor_failure ||
         message->get_string() == "unknown exception") &&
        type != nullptr && type_name != nullptr && type_name->is_string() &&
        type->to_number<std::uint32_t>() != static_cast<std::uint32_t>(core::EventType::ERROR) &&
        type_name->get_string() ==
            core::to_string(core::EventType(type->to_number<std::uint32_t>()));
    if (!expected) violation("unexpected ERROR event " + boost::json::serialize(data));
}

void SoakListener::react(const core::Event& event) {
    if (random_() % 2 != 0) return;
    const std::int64_t seq = next_effect_++;
    effects_.put(engine_,
                 core::Event(effect_type,
                             {{"producer", effects_.source},
                              {"seq", seq},
                              {"cause_source", integer(event, "producer")},
                              {"cause_seq", integer(event, "seq")}},
                             name()),
                 seq);
}

void SoakListener::peek_at_engine() {
    // The read-only API, re-entrantly, while other threads change what it reads: it must neither
    // deadlock nor race (the tsan build runs this); what it returns is not checkable here.
    static_cast<void>(engine_.get_listeners());
    static_cast<void>(engine_.listener_stats());
    static_cast<void>(engine_.stats());
    static_cast<void>(engine_.is_running());
}

void SoakListener::quit_if_due() {
    if (traits_.quit_after == 0 || invocations_ != traits_.quit_after) return;
    if (const auto self = self_.lock()) engine_.unregister_listener(self);
    quit_ = true;
}

void SoakListener::violation(std::string what) {
    ++violation_count_;
    constexpr std::size_t kept = 8;
    if (violations_.size() < kept) violations_.push_back(name() + ": " + std::move(what));
}

}  // namespace liquid_soak
