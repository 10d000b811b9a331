#include "liquid_energy/trading/matching_engine.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace liquid_energy::trading {
namespace {

/// Whether a limit at `limit` on `side` trades with a quote at `quote_price`.
bool crosses(Side side, double limit, double quote_price) {
    return side == Side::BUY ? limit >= quote_price : limit <= quote_price;
}

std::string too_long(std::string_view field, std::size_t limit) {
    return std::string(field) + " longer than " + std::to_string(limit) + " bytes";
}

}  // namespace

bool MatchingEngine::PriorityOrder::operator()(const Priority& a,
                                               const Priority& b) const noexcept {
    ++*comparisons_;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.sequence < b.sequence;
}

MatchingEngine::MatchingEngine(ExchangeLimits limits) : limits_(limits) {}

MatchingEngine::Messages MatchingEngine::submit(const Order& order) {
    Messages out;
    std::string reason = rejection_reason(order);
    if (!reason.empty()) {
        out.emplace_back(
            make_execution_report(order, OrderStatus::REJECTED, 0, 0, std::move(reason)));
        return out;
    }
    Book& book = book_of(order.symbol);
    Working working{.order = order};
    out.emplace_back(make_execution_report(order, OrderStatus::ACCEPTED));
    take_liquidity(book, working, out);
    if (working.leaves() <= quantity_epsilon) return out;
    if (order.type == OrderType::MARKET) {
        out.emplace_back(make_execution_report(order, OrderStatus::CANCELLED, working.filled,
                                               working.notional, "no liquidity left at the quote"));
    } else {
        rest(book, std::move(working));
    }
    return out;
}

std::string MatchingEngine::rejection_reason(const Order& order) {
    if (!open_) return "the session is closed";
    if (std::string problem = order_problem(order); !problem.empty()) return problem;
    if (std::string breach = limit_breach(order); !breach.empty()) return breach;
    if (order.type == OrderType::MARKET) {
        const auto book = books_.find(order.symbol);
        if (book == books_.end() || !book->second.has_quote) return "no quote for " + order.symbol;
    }
    if (!order_ids_.insert(order.order_id).second) return "duplicate order id";
    return {};
}

std::string MatchingEngine::limit_breach(const Order& order) const {
    const std::size_t longest = limits_.max_id_length;
    if (order.order_id.size() > longest) return too_long("order id", longest);
    if (order.account.size() > longest) return too_long("account", longest);
    if (order.symbol.size() > longest) return too_long("symbol", longest);
    if (order.type == OrderType::LIMIT && resting_.size() >= limits_.max_resting_orders) {
        return "the session already has " + std::to_string(resting_.size()) +
               " resting orders, its limit";
    }
    return {};
}

MatchingEngine::Book& MatchingEngine::book_of(const std::string& symbol) {
    return books_.try_emplace(symbol, comparisons_.get()).first->second;
}

MatchingEngine::Messages MatchingEngine::cancel(const CancelRequest& request) {
    Messages out;
    const auto found = resting_.find(request.order_id);
    if (found == resting_.end()) return out;
    const auto [side, at] = found->second;
    const Working& working = at->second;
    if (working.order.account != request.account || working.order.symbol != request.symbol) {
        return out;
    }
    out.emplace_back(make_execution_report(working.order, OrderStatus::CANCELLED, working.filled,
                                           working.notional, "cancelled on request"));
    remove(*side, at);
    return out;
}

MatchingEngine::Messages MatchingEngine::on_quote(const MarketTick& quote) {
    if (quote.kind != TickKind::QUOTE) {
        throw std::invalid_argument("MatchingEngine::on_quote: a trade print is not a quote");
    }
    if (std::string problem = tick_problem(quote); !problem.empty()) {
        throw std::invalid_argument("MatchingEngine::on_quote: " + problem);
    }
    Messages out;
    auto& book = book_of(quote.symbol);
    book.quote = quote;
    book.has_quote = true;
    book.bid_left = quote.bid_size;
    book.ask_left = quote.ask_size;
    match_resting(book, book.buys, out);
    match_resting(book, book.sells, out);
    return out;
}

MatchingEngine::Messages MatchingEngine::close_session(std::string_view reason) {
    open_ = false;
    Messages out;
    for (auto& [symbol, book] : books_) {
        for (auto* side : {&book.buys, &book.sells}) {
            for (const auto& [priority, working] : *side) {
                out.emplace_back(make_execution_report(working.order, OrderStatus::CANCELLED,
                                                       working.filled, working.notional,
                                                       std::string(reason)));
            }
            side->clear();
        }
    }
    resting_.clear();
    return out;
}

std::size_t MatchingEngine::resting_count() const noexcept { return resting_.size(); }

void MatchingEngine::take_liquidity(Book& book, Working& working, Messages& out) {
    if (!book.has_quote) return;
    const Side side = working.order.side;
    const double quote_price = side == Side::BUY ? book.quote.ask : book.quote.bid;
    if (working.order.type == OrderType::LIMIT &&
        !crosses(side, working.order.price, quote_price)) {
        return;
    }
    const double left = side == Side::BUY ? book.ask_left : book.bid_left;
    const double quantity = std::min(working.leaves(), left);
    if (quantity > quantity_epsilon) {
        execute(book, working, quantity, quote_price, Liquidity::TAKER, out);
    }
}

void MatchingEngine::match_resting(Book& book, BookSide& side, Messages& out) {
    for (auto at = side.begin(); at != side.end();) {
        Working* working = &at->second;
        const Side order_side = working->order.side;
        const double left = order_side == Side::BUY ? book.ask_left : book.bid_left;
        const double quote_price = order_side == Side::BUY ? book.quote.ask : book.quote.bid;
        // Best first: once one order does not cross or the quote is used up, none further will.
        if (left <= quantity_epsilon || !crosses(order_side, working->order.price, quote_price)) {
            return;
        }
        const double quantity = std::min(working->leaves(), left);
        execute(book, *working, quantity, working->order.price, Liquidity::MAKER, out);
        if (working->leaves() <= quantity_epsilon) {
            at = remove(side, at);
        } else {
            ++at;
        }
    }
}

void MatchingEngine::execute(Book& book, Working& working, double quantity, double price,
                             Liquidity liquidity, Messages& out) {
    // What is left of an order or a quote drifts off the grid as fills are taken from it.
    quantity = on_order_grid(quantity);
    if (quantity <= quantity_epsilon) return;
    const Order& order = working.order;
    (order.side == Side::BUY ? book.ask_left : book.bid_left) -= quantity;
    working.filled += quantity;
    working.notional += quantity * price;
    out.emplace_back(Fill{
        .fill_id = next_fill_id_++,
        .order_id = order.order_id,
        .account = order.account,
        .symbol = order.symbol,
        .side = order.side,
        .price = price,
        .quantity = quantity,
        .liquidity = liquidity,
        .timestamp_ns = book.quote.timestamp_ns,
    });
    const OrderStatus status =
        working.leaves() <= quantity_epsilon ? OrderStatus::FILLED : OrderStatus::PARTIALLY_FILLED;
    out.emplace_back(make_execution_report(order, status, working.filled, working.notional));
}

void MatchingEngine::rest(Book& book, Working working) {
    auto& side = working.order.side == Side::BUY ? book.buys : book.sells;
    const Priority priority{.rank = -sign(working.order.side) * working.order.price,
                            .sequence = next_sequence_++};
    std::string order_id = working.order.order_id;
    const auto at = side.emplace(priority, std::move(working)).first;
    resting_.emplace(std::move(order_id), Location{&side, at});
}

MatchingEngine::BookSide::iterator MatchingEngine::remove(BookSide& side, BookSide::iterator at) {
    resting_.erase(at->second.order.order_id);
    return side.erase(at);
}

}  // namespace liquid_energy::trading
