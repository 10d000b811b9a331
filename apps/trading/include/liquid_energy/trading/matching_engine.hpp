#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "liquid_energy/trading/market_tick.hpp"
#include "liquid_energy/trading/orders.hpp"

namespace liquid_energy::trading {

/// What one session may hold, so that a client cannot grow the exchange without bound.
struct ExchangeLimits {
    /// Orders resting at once, all symbols together; a limit order arriving at the limit is
    /// rejected, whether or not it would trade at once.
    std::size_t max_resting_orders = 100'000;
    /// The longest order id, account and symbol, in bytes.
    std::size_t max_id_length = 128;
};

/// A simulated exchange: matches limit and market orders against replayed top-of-book quotes.
/// No engine and no threads: each call returns, in order, what the exchange says.
///
/// Fill model. Each quote is the only liquidity until the next quote of its symbol: its ask size
/// can be bought and its bid size sold, shared by all orders, so a fill is never larger than what
/// is left of the quote. An order that can trade on arrival takes liquidity at the quote's price
/// (taker). A limit order's rest waits in the book and trades when a later quote crosses it, at
/// its own limit price (maker), best price first, then oldest first. A market order is
/// immediate-or-cancel: what the current quote cannot fill is cancelled. Trade prints do not
/// match.
///
/// Cost. Resting an order, cancelling it and each fill of a resting order cost O(log n) in the
/// orders resting, however many share a price.
class MatchingEngine {
  public:
    /// A fill is always followed by the report that counts it.
    using Message = std::variant<ExecutionReport, Fill>;
    using Messages = std::vector<Message>;

    explicit MatchingEngine(ExchangeLimits limits = {});

    /// Rejects an order that comes after the session closed, is malformed (see
    /// `order_problem`), has an id, account or symbol over the limit's length, is a limit order
    /// when the session's resting orders are at their limit, is a market order on a symbol with
    /// no quote yet, or reuses the id of an order accepted before. Otherwise accepts it and
    /// trades what it can at once.
    Messages submit(const Order& order);

    /// Cancels a resting order. Returns nothing for an order no longer resting: it may have
    /// filled while the request was on its way.
    Messages cancel(const CancelRequest& request);

    /// Takes the quote as the symbol's top of book and trades the resting orders it crosses.
    /// Throws std::invalid_argument, naming what is wrong, for a trade print or a quote
    /// `tick_problem` refuses; the book is then unchanged.
    Messages on_quote(const MarketTick& quote);

    /// Cancels every resting order with `reason`; orders submitted afterwards are rejected.
    Messages close_session(std::string_view reason);

    std::size_t resting_count() const noexcept;

    /// Comparisons of two resting orders' priority made so far: the work of keeping the book in
    /// order, which grows as n log n in the orders rested, cancelled and filled.
    std::uint64_t priority_comparisons() const noexcept { return *comparisons_; }

  private:
    struct Working {
        Order order;
        double filled = 0;
        double notional = 0;

        double leaves() const noexcept { return order.quantity - filled; }
    };

    /// Price-time priority as one ascending key: buys rank by their negated price, so that on
    /// both sides the best price comes first, then the oldest order.
    struct Priority {
        double rank = 0;
        std::uint64_t sequence = 0;
    };

    class PriorityOrder {
      public:
        explicit PriorityOrder(std::uint64_t* comparisons) : comparisons_(comparisons) {}
        bool operator()(const Priority& a, const Priority& b) const noexcept;

      private:
        std::uint64_t* comparisons_;
    };

    using BookSide = std::map<Priority, Working, PriorityOrder>;

    struct Book {
        explicit Book(std::uint64_t* comparisons)
            : buys(PriorityOrder(comparisons)), sells(PriorityOrder(comparisons)) {}

        MarketTick quote;
        bool has_quote = false;
        double bid_left = 0;
        double ask_left = 0;
        BookSide buys;
        BookSide sells;
    };

    /// Where a resting order is, by its id: what makes a cancel O(log n).
    struct Location {
        BookSide* side;
        BookSide::iterator at;
    };

    /// Empty if `order` is accepted, and then its id is taken.
    std::string rejection_reason(const Order& order);
    std::string limit_breach(const Order& order) const;
    Book& book_of(const std::string& symbol);
    void take_liquidity(Book& book, Working& working, Messages& out);
    void match_resting(Book& book, BookSide& side, Messages& out);
    void execute(Book& book, Working& working, double quantity, double price, Liquidity liquidity,
                 Messages& out);
    void rest(Book& book, Working working);
    BookSide::iterator remove(BookSide& side, BookSide::iterator at);

    ExchangeLimits limits_;
    // On the heap so that the books' comparators still count into it after a move.
    std::unique_ptr<std::uint64_t> comparisons_ = std::make_unique<std::uint64_t>(0);
    std::map<std::string, Book, std::less<>> books_;
    std::unordered_map<std::string, Location> resting_;
    std::unordered_set<std::string> order_ids_;
    std::uint64_t next_fill_id_ = 1;
    std::uint64_t next_sequence_ = 0;
    bool open_ = true;
};

}  // namespace liquid_energy::trading
