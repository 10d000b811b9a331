#include "soak_run.hpp"

#include <algorithm>
#include <thread>

#include <boost/asio/use_future.hpp>

#include "liquid_energy/core/engine_options.hpp"

namespace liquid_soak {
namespace {

using namespace std::chrono_literals;

/// Every policy at once: market data conflates, orders and strategy updates block briefly,
/// trades are refused at once, the rest (ticks, ERROR) block for up to 50 ms, and ERROR and
/// STRATEGY_UPDATE overtake the rest. Small limits, so that they are reached. (A tick that finds
/// the engine full blocks one of its threads, see the fault test
/// a_put_from_the_engines_own_executor_never_waits_for_room; the soak cannot tell that stall from
/// a slow run, but the tick's refusal, if any, is accounted for.)
core::EngineOptions engine_options(const Options& options) {
    using core::OverflowPolicy;
    return core::EngineOptions{
        .threads = options.threads,
        .max_backlog = 4096,
        .listener_backlog = 1024,
        .default_policy = {.overflow = OverflowPolicy::block, .block_timeout = 50ms},
        .policies = {{core::EventType::MARKET_DATA,
                      {.overflow = OverflowPolicy::conflate, .block_timeout = 10ms}},
                     {core::EventType::ORDER_UPDATE,
                      {.overflow = OverflowPolicy::block, .block_timeout = 5ms}},
                     {core::EventType::TRADE_UPDATE, {.overflow = OverflowPolicy::reject}},
                     {core::EventType::STRATEGY_UPDATE,
                      {.overflow = OverflowPolicy::block, .block_timeout = 2ms}}},
        .urgent_types = {core::EventType::ERROR, core::EventType::STRATEGY_UPDATE}};
}

/// A per-thread seed derived from the run's (splitmix64), so that threads draw apart.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (stream + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// A producer's event: its source and sequence number, and for market data a random symbol.
core::Event make_event(core::EventType type, std::int64_t source, std::int64_t seq,
                       std::mt19937_64& random) {
    if (type != core::EventType::MARKET_DATA) {
        return core::Event(type, {{"producer", source}, {"seq", seq}});
    }
    return core::Event(type, {{"producer", source},
                              {"seq", seq},
                              {"symbol", symbols[random() % symbols.size()]},
                              {"price", 100.0 + static_cast<double>(random() % 1000)}});
}

constexpr std::size_t max_registered = 12;
constexpr std::size_t max_timers = 6;
/// An auditor's limit: beyond anything the engine-wide limit lets through, so it never conflates.
constexpr std::size_t auditor_backlog = std::size_t{1} << 30;

}  // namespace

Soak::Soak(const Options& options)
    : options_(options),
      engine_(engine_options(options)),
      producers_(options.producers),
      random_(derive_seed(options.seed, 0)) {
    for (std::size_t i = 0; i < producers_.size(); ++i) {
        producers_[i].source = static_cast<std::int64_t>(i);
    }
    for (const core::EventType type : audited_types) {
        auto auditor = std::make_shared<SoakListener>(
            next_listener_++, Traits{.types = {type}, .auditor = true}, 0, engine_);
        engine_.register_listener(auditor, core::ListenerOptions{.max_backlog = auditor_backlog});
        auditors_.push_back(std::move(auditor));
    }
}

Soak::~Soak() = default;

void Soak::run_and_stop() {
    engine_.start();
    std::vector<std::thread> producers;
    for (std::size_t i = 0; i < producers_.size(); ++i) {
        producers.emplace_back([this, i] { produce(i); });
    }
    const auto deadline =
        std::chrono::steady_clock::now() +
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(options_.duration);
    while (std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::microseconds(500 + random_() % 2500));
        control_step();
    }
    done_ = true;
    for (auto& producer : producers) producer.join();
    for (const auto& timer : timers_) timer.cancel();
    engine_.stop();
}

void Soak::produce(std::size_t index) {
    SourceLog& log = producers_[index];
    std::mt19937_64 random(derive_seed(options_.seed, 1 + index));
    std::array<std::int64_t, producer_types.size()> next_seq{};
    while (!done_.load(std::memory_order_relaxed)) {
        bool refused = false;
        for (auto burst = 1 + random() % 32; burst != 0 && !refused; --burst) {
            // Weights 40, 25, 20, 15 for market data, orders, trades, strategy updates.
            const auto draw = random() % 100;
            const std::size_t kind = draw < 40 ? 0 : draw < 65 ? 1 : draw < 85 ? 2 : 3;
            const std::int64_t seq = next_seq[kind]++;
            const auto status =
                log.put(engine_, make_event(producer_types[kind], log.source, seq, random), seq);
            refused = status == core::PutStatus::stopped;
        }
        // While the engine restarts, a producer that went on would only pile up refusals.
        if (refused || random() % 4 == 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(refused ? 200 : random() % 300));
        } else {
            std::this_thread::yield();
        }
    }
}

void Soak::control_step() {
    const auto draw = random_() % 1000;
    if (draw < 250) {
        register_random();
    } else if (draw < 450) {
        unregister_random();
    } else if (draw < 570) {
        start_timer();
    } else if (draw < 670) {
        cancel_timer();
    } else if (draw < 685) {
        restart();
    }
}

Traits Soak::random_traits() {
    std::vector<core::EventType> candidates(audited_types.begin(), audited_types.end());
    std::shuffle(candidates.begin(), candidates.end(), random_);
    Traits traits;
    traits.types.assign(candidates.begin(), candidates.begin() + 1 + random_() % 3);
    const auto chance = [&](unsigned percent) { return random_() % 100 < percent; };
    if (chance(30)) traits.max_backlog = 1 + random_() % 16;
    traits.throws = chance(25);
    traits.filters = chance(20);
    traits.slow = chance(20);
    traits.reacts =
        std::ranges::count(traits.types, core::EventType::ORDER_UPDATE) != 0 && chance(40);
    if (chance(10)) traits.quit_after = 1 + random_() % 300;
    return traits;
}

void Soak::register_random() {
    if (registered_count() >= max_registered) return;
    auto listener =
        std::make_shared<SoakListener>(next_listener_, random_traits(),
                                       derive_seed(options_.seed, 1000 + next_listener_), engine_);
    ++next_listener_;
    listener->set_self(listener);
    engine_.register_listener(listener,
                              core::ListenerOptions{.max_backlog = listener->traits().max_backlog});
    Registration registration;
    registration.listener = std::move(listener);
    registrations_.push_back(std::move(registration));
    ++activity_.registrations;
}

void Soak::unregister_random() {
    std::vector<Registration*> live;
    for (auto& registration : registrations_) {
        if (!registration.unregistered) live.push_back(&registration);
    }
    if (live.empty()) return;
    Registration& chosen = *live[random_() % live.size()];
    const bool at_rest = !engine_.is_running();
    for (auto& stats : engine_.listener_stats()) {
        if (stats.name == chosen.listener->name()) chosen.snapshot = std::move(stats);
    }
    chosen.snapshot_at_rest = at_rest && chosen.snapshot.has_value();
    engine_.unregister_listener(chosen.listener);
    chosen.unregistered = true;
    ++activity_.unregistrations;
}

void Soak::start_timer() {
    if (timers_.size() >= max_timers) cancel_timer();
    const auto interval = std::chrono::milliseconds(1 + random_() % 20);
    timers_.push_back(engine_.add_timer(interval, tick_type, {{"timer", next_timer_++}}));
    ++activity_.timers_started;
}

void Soak::cancel_timer() {
    if (timers_.empty()) return;
    const auto chosen = timers_.begin() + static_cast<std::ptrdiff_t>(random_() % timers_.size());
    chosen->cancel();
    timers_.erase(chosen);
    ++activity_.timers_cancelled;
}

void Soak::restart() {
    if (random_() % 2 == 0) {
        engine_.stop();
    } else {
        // Completes on the engine's own threads, which the next start() joins.
        engine_.async_stop(boost::asio::use_future).get();
    }
    // Stopped, hence at rest: a registration change now can be checked exactly.
    if (random_() % 2 == 0) {
        unregister_random();
    } else {
        register_random();
    }
    std::this_thread::sleep_for(std::chrono::microseconds(random_() % 2000));
    engine_.start();
    ++activity_.restarts;
}

std::size_t Soak::registered_count() const {
    return static_cast<std::size_t>(
        std::ranges::count_if(registrations_, [](const auto& r) { return !r.unregistered; }));
}

RunRecord Soak::record() const {
    return RunRecord{.engine = engine_.stats(),
                     .registered = engine_.listener_stats(),
                     .producers = producers_,
                     .auditors = auditors_,
                     .registrations = registrations_,
                     .activity = activity_,
                     .log = log_.counts()};
}

}  // namespace liquid_soak
