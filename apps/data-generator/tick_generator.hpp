#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace liquid_data_generator {

/// A synthetic instrument. Prices and sizes are integers in units of 10^-decimals, so the walk
/// and the printed text are exact and identical on every platform.
struct Instrument {
    std::string symbol;
    std::int64_t start_price;
    int price_decimals;
    /// A quote moves the mid by a uniform step in [-max_step, max_step] price units.
    std::int64_t max_step;
    std::int64_t max_spread;
    int size_decimals;
    std::int64_t max_size;
    /// Relative share of the ticks.
    unsigned weight;
};

/// BTC-USD, ETH-USD and SOL-USD, the instruments of the bundled data.
std::vector<Instrument> default_instruments();

/// Makes the lines of a market-data CSV file (see liquid_energy::trading::csv_tick_header):
/// top-of-book quotes and trade prints of random-walk prices. The output is a function of the
/// seed alone: it uses only mt19937_64's raw output (fixed by the standard) and integer
/// arithmetic, never the implementation-defined std distributions.
class TickGenerator {
  public:
    TickGenerator(std::vector<Instrument> instruments, std::uint64_t seed);

    /// The next valid tick, as a CSV line without its newline.
    std::string next_line();
    /// A deliberately malformed line, of the `n`th kind (cycling through every kind a parser
    /// must refuse).
    std::string malformed_line(std::size_t n) const;

  private:
    struct Book {
        std::int64_t bid;
        std::int64_t ask;
        std::int64_t bid_size;
        std::int64_t ask_size;
    };

    std::int64_t uniform(std::int64_t low, std::int64_t high);
    std::size_t pick_instrument();
    void move_book(std::size_t index);
    std::string quote_line(std::size_t index) const;
    std::string trade_line(std::size_t index);

    std::vector<Instrument> instruments_;
    std::vector<Book> books_;
    unsigned total_weight_ = 0;
    std::mt19937_64 random_;
    std::int64_t timestamp_ns_;
};

}  // namespace liquid_data_generator
