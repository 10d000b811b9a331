#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <variant>
#include <vector>

#include "liquid_energy/trading/market_tick.hpp"
#include "liquid_energy/trading/orders.hpp"

namespace liquid_energy::trading {

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
class MatchingEngine {
  public:
    /// A fill is always followed by the report that counts it.
    using Message = std::variant<ExecutionReport, Fill>;
    using Messages = std::vector<Message>;

    /// Rejects an order that comes after the session closed, is malformed, is a market order on
    /// a symbol with no quote yet, or reuses the id of an order accepted before. Otherwise
    /// accepts it and trades what it can at once.
    Messages submit(const Order& order);

    /// Cancels a resting order. Returns nothing for an order no longer resting: it may have
    /// filled while the request was on its way.
    Messages cancel(const CancelRequest& request);

    /// Takes the quote as the symbol's top of book and trades the resting orders it crosses.
    Messages on_quote(const MarketTick& quote);

    /// Cancels every resting order with `reason`; orders submitted afterwards are rejected.
    Messages close_session(std::string_view reason);

    std::size_t resting_count() const noexcept;

  private:
    struct Working {
        Order order;
        double filled = 0;
        double notional = 0;

        double leaves() const noexcept { return order.quantity - filled; }
    };

    struct Book {
        MarketTick quote;
        bool has_quote = false;
        double bid_left = 0;
        double ask_left = 0;
        /// Best first: highest buy, lowest sell; then oldest.
        std::vector<Working> buys;
        std::vector<Working> sells;
    };

    /// Empty if `order` is accepted, and then its id is taken.
    std::string rejection_reason(const Order& order);
    void take_liquidity(Book& book, Working& working, Messages& out);
    void match_resting(Book& book, std::vector<Working>& side, Messages& out);
    void execute(Book& book, Working& working, double quantity, double price, Liquidity liquidity,
                 Messages& out);
    void rest(Book& book, Working working);

    std::map<std::string, Book, std::less<>> books_;
    std::unordered_set<std::string> order_ids_;
    std::uint64_t next_fill_id_ = 1;
    bool open_ = true;
};

}  // namespace liquid_energy::trading
