#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "ledger.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"

namespace liquid_soak {

/// How a soak listener behaves, drawn at random when it is made.
struct Traits {
    std::vector<core::EventType> types;
    /// ListenerOptions::max_backlog; 0 takes the engine's.
    std::size_t max_backlog = 0;
    /// Throws now and then: a std::exception, a non-standard one, or from a local's destructor.
    bool throws = false;
    /// `accepts` refuses the events whose "seq" is filtered_out.
    bool filters = false;
    /// Sleeps a little in every call.
    bool slow = false;
    /// Answers some ORDER_UPDATEs with an effect_type event, put from its handler.
    bool reacts = false;
    /// Unregisters itself from inside its handler after this many calls; 0 never.
    std::uint64_t quit_after = 0;
    /// One type, registered for the whole run with a limit it never reaches: it sees every
    /// accepted event of its type, in put order.
    bool auditor = false;
};

/// What a listener saw of one stream: one source's events of one type, or one timer's ticks.
struct Stream {
    std::int64_t first = -1;
    std::int64_t last = -1;
    std::uint64_t count = 0;
    /// Events older than one seen before (MARKET_DATA only: conflation may do that).
    std::uint64_t inversions = 0;
};

/// The listener's own count of its calls, to hold the engine's counters to.
struct Calls {
    std::uint64_t handled = 0;
    std::uint64_t failed = 0;
    /// Of `failed`, those on ERROR events, which the engine only logs.
    std::uint64_t failed_on_error = 0;
    std::uint64_t filtered = 0;
};

/// A listener that checks what it can as events arrive (order per stream, cause before effect,
/// the contents of ERROR events, no call after it unregistered itself) and keeps, per stream, what
/// the end of the run needs to check the rest against the sources' logs.
class SoakListener : public core::EventListener {
  public:
    using StreamKey = std::pair<std::int64_t, core::EventType>;
    /// (source, symbol index), or (source, seq) for `last_quotes`.
    using QuoteKey = std::pair<std::int64_t, std::int64_t>;

    SoakListener(std::int64_t id, Traits traits, std::uint64_t seed, core::EventEngine& engine);

    void handle_event(const core::Event& event) override;
    bool accepts(const core::Event& event) const override;

    /// For `quit_after`: the registration it cancels itself.
    void set_self(std::weak_ptr<SoakListener> self) { self_ = std::move(self); }

    // The rest is read only once no call can run: after `unregister_listener` returned from
    // outside a handler, or after the engine stopped.
    std::int64_t id() const noexcept { return id_; }
    const Traits& traits() const noexcept { return traits_; }
    const Calls& calls() const noexcept { return calls_; }
    bool quit() const noexcept { return quit_; }
    bool called_after_quit() const noexcept { return called_after_quit_; }
    const std::map<StreamKey, Stream>& streams() const noexcept { return streams_; }
    const std::map<std::int64_t, Stream>& ticks() const noexcept { return ticks_; }
    /// MARKET_DATA: the (source, seq) of the last quote seen of each symbol.
    const std::array<std::optional<QuoteKey>, symbols.size()>& last_quotes() const noexcept {
        return last_quotes_;
    }
    /// What it put as a reacting listener.
    const SourceLog& effects() const noexcept { return effects_; }
    const std::vector<std::string>& violations() const noexcept { return violations_; }
    std::uint64_t violation_count() const noexcept { return violation_count_; }

  private:
    void observe(const core::Event& event);
    void observe_sourced(const core::Event& event);
    void observe_tick(const core::Event& event);
    void observe_error(const core::Event& event);
    void check_cause(const core::Event& effect);
    void react(const core::Event& event);
    void peek_at_engine();
    void quit_if_due();
    void fail(const core::Event& event);
    void violation(std::string what);

    const std::int64_t id_;
    const Traits traits_;
    core::EventEngine& engine_;
    std::weak_ptr<SoakListener> self_;
    std::mt19937_64 random_;

    // `accepts` is const, and runs on the strand like handle_event.
    mutable Calls calls_;
    mutable bool called_after_quit_ = false;
    std::uint64_t invocations_ = 0;
    bool quit_ = false;
    std::map<StreamKey, Stream> streams_;
    std::map<std::int64_t, Stream> ticks_;
    std::map<QuoteKey, std::int64_t> quotes_;
    std::array<std::optional<QuoteKey>, symbols.size()> last_quotes_{};
    SourceLog effects_;
    std::int64_t next_effect_ = 0;
    std::vector<std::string> violations_;
    std::uint64_t violation_count_ = 0;
};

/// The index of a symbol in `symbols`, or symbols.size() for an unknown one.
std::size_t symbol_index(std::string_view symbol);

}  // namespace liquid_soak
