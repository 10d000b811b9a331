// The market-data file reader without a file: the bytes of a CSV file, cut into reads, framed into
// lines and each line parsed as a tick. Whatever the bytes, each line is a tick that holds its
// invariants and survives the wire as a MARKET_DATA event, or a refusal that says why in valid
// UTF-8.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/trading/csv_tick_parser.hpp"
#include "liquid_energy/trading/market_tick.hpp"

using namespace liquid_energy;
using fuzz::require;
using trading::MarketTick;
using trading::TickKind;

namespace {

bool positive(double value) { return std::isfinite(value) && value > 0; }

void require_sound(const MarketTick& tick) {
    require(tick.timestamp_ns > 0, "a tick's timestamp is positive");
    require(!tick.symbol.empty() && fuzz::is_utf8(tick.symbol), "a tick's symbol is UTF-8");
    if (tick.kind == TickKind::QUOTE) {
        require(positive(tick.bid) && positive(tick.bid_size) && positive(tick.ask) &&
                    positive(tick.ask_size),
                "a quote's numbers are positive");
        require(tick.bid < tick.ask, "a quote is not crossed");
        require(tick.price == 0 && tick.size == 0, "a quote has no trade fields");
    } else {
        require(positive(tick.price) && positive(tick.size), "a trade's numbers are positive");
        require(tick.bid == 0 && tick.ask == 0, "a trade has no quote fields");
    }
}

void require_same(const MarketTick& read, const MarketTick& sent) {
    require(read.timestamp_ns == sent.timestamp_ns && read.symbol == sent.symbol &&
                read.kind == sent.kind && read.bid == sent.bid && read.bid_size == sent.bid_size &&
                read.ask == sent.ask && read.ask_size == sent.ask_size &&
                read.price == sent.price && read.size == sent.size,
            "a tick survives the wire");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::read_lines(data, size, [](const wire::LineFramer::Frame& frame) {
        const auto parsed = trading::parse_tick_line(frame.text);
        if (!parsed.tick) {
            require(parsed.error == wire::LineError::malformed ||
                        parsed.error == wire::LineError::wrong_type ||
                        parsed.error == wire::LineError::invalid_value,
                    "a line is refused as malformed, of a wrong type or of an invalid value");
            fuzz::require_message(parsed.message);
            return;
        }
        require(parsed.message.empty(), "an accepted line has no refusal message");
        require_sound(*parsed.tick);
        const auto received = fuzz::through_the_wire(
            core::Event(core::EventType::MARKET_DATA, *parsed.tick, "fuzzer"));
        require_same(received.get<trading::MarketTick>(), *parsed.tick);
    });
    return 0;
}
