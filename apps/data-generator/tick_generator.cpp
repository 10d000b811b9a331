#include "tick_generator.hpp"

#include <cstdlib>
#include <utility>

namespace liquid_data_generator {
namespace {

// 2024-01-02 14:30:00 UTC: a fixed start keeps the output a function of the seed alone.
constexpr std::int64_t start_timestamp_ns = 1'704'205'800'000'000'000;
constexpr std::int64_t max_gap_ns = 20'000'000;
constexpr std::int64_t quote_percent = 60;

std::string format_fixed(std::int64_t value, int decimals) {
    std::string digits = std::to_string(std::llabs(value));
    if (decimals == 0) return (value < 0 ? "-" : "") + digits;
    if (digits.size() <= static_cast<std::size_t>(decimals)) {
        digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), 1, '.');
    return (value < 0 ? "-" : "") + digits;
}

}  // namespace

std::vector<Instrument> default_instruments() {
    return {
        {"BTC-USD", 3'000'000, 2, 300, 20, 4, 20'000, 40},
        {"ETH-USD", 200'000, 2, 25, 5, 3, 50'000, 35},
        {"SOL-USD", 20'000, 3, 15, 10, 2, 100'000, 25},
    };
}

TickGenerator::TickGenerator(std::vector<Instrument> instruments, std::uint64_t seed)
    : instruments_(std::move(instruments)), random_(seed), timestamp_ns_(start_timestamp_ns) {
    for (const auto& instrument : instruments_) {
        total_weight_ += instrument.weight;
        const std::int64_t half_size = instrument.max_size / 2;
        books_.push_back(
            {instrument.start_price, instrument.start_price + 1, half_size, half_size});
    }
}

// Modulo reduction of a 64-bit draw: the bias is below 2^-40 for every range used here.
std::int64_t TickGenerator::uniform(std::int64_t low, std::int64_t high) {
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    return low + static_cast<std::int64_t>(random_() % span);
}

std::size_t TickGenerator::pick_instrument() {
    auto ticket = uniform(0, total_weight_ - 1);
    for (std::size_t i = 0; i < instruments_.size(); ++i) {
        ticket -= instruments_[i].weight;
        if (ticket < 0) return i;
    }
    return instruments_.size() - 1;
}

void TickGenerator::move_book(std::size_t index) {
    const Instrument& instrument = instruments_[index];
    Book& book = books_[index];
    const std::int64_t step = uniform(-instrument.max_step, instrument.max_step);
    // Reflect at a tenth of the start price so that a long walk never reaches zero.
    if (book.bid + step > instrument.start_price / 10) {
        book.bid += step;
    } else {
        book.bid -= step;
    }
    book.ask = book.bid + uniform(1, instrument.max_spread);
    book.bid_size = uniform(1, instrument.max_size);
    book.ask_size = uniform(1, instrument.max_size);
}

std::string TickGenerator::quote_line(std::size_t index) const {
    const Instrument& instrument = instruments_[index];
    const Book& book = books_[index];
    const int price = instrument.price_decimals;
    const int size = instrument.size_decimals;
    return std::to_string(timestamp_ns_) + ',' + instrument.symbol + ",quote," +
           format_fixed(book.bid, price) + ',' + format_fixed(book.bid_size, size) + ',' +
           format_fixed(book.ask, price) + ',' + format_fixed(book.ask_size, size) + ",,";
}

std::string TickGenerator::trade_line(std::size_t index) {
    const Instrument& instrument = instruments_[index];
    const Book& book = books_[index];
    const bool at_ask = uniform(0, 1) == 1;
    const std::int64_t price = at_ask ? book.ask : book.bid;
    const std::int64_t size = uniform(1, at_ask ? book.ask_size : book.bid_size);
    return std::to_string(timestamp_ns_) + ',' + instrument.symbol + ",trade,,,,," +
           format_fixed(price, instrument.price_decimals) + ',' +
           format_fixed(size, instrument.size_decimals);
}

std::string TickGenerator::next_line() {
    timestamp_ns_ += uniform(1, max_gap_ns);
    const std::size_t index = pick_instrument();
    if (uniform(0, 99) < quote_percent) {
        move_book(index);
        return quote_line(index);
    }
    return trade_line(index);
}

// Draws no random numbers, so that adding malformed lines leaves the valid ticks unchanged.
std::string TickGenerator::malformed_line(std::size_t n) const {
    const std::string timestamp = std::to_string(timestamp_ns_);
    switch (n % 7) {
        case 0:
            return timestamp + ",BTC-USD,quote,30000.00,0.5000";
        case 1:
            return timestamp + ",ETH-USD,quote,abc,1.000,2000.01,1.000,,";
        case 2:
            return timestamp + ",SOL-USD,snapshot,20.000,1.00,20.001,1.00,,";
        case 3:
            return timestamp + ",ETH-USD,quote,2000.05,1.000,2000.01,1.000,,";
        case 4:
            return timestamp + ",BTC-USD,trade,,,,,30000.00,-0.5000";
        case 5:
            return timestamp + ",,trade,,,,,20.000,1.00";
        default:
            return "#### corrupted record ####";
    }
}

}  // namespace liquid_data_generator
