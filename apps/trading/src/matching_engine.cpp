#include "liquid_energy/trading/matching_engine.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace liquid_energy::trading {
namespace {

bool is_positive(double value) { return std::isfinite(value) && value > quantity_epsilon; }

/// Whether a limit at `limit` on `side` trades with a quote at `quote_price`.
bool crosses(Side side, double limit, double quote_price) {
    return side == Side::BUY ? limit >= quote_price : limit <= quote_price;
}

}  // namespace

MatchingEngine::Messages MatchingEngine::submit(const Order& order) {
    Messages out;
    std::string reason = rejection_reason(order);
    if (!reason.empty()) {
        out.emplace_back(
            make_execution_report(order, OrderStatus::REJECTED, 0, 0, std::move(reason)));
        return out;
    }
    Book& book = books_[order.symbol];
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
    if (order.order_id.empty()) return "empty order id";
    if (order.symbol.empty()) return "empty symbol";
    if (!is_positive(order.quantity)) return "quantity is not positive";
    if (order.type == OrderType::LIMIT && !is_positive(order.price)) {
        return "limit price is not positive";
    }
    if (order.type == OrderType::MARKET) {
        const auto book = books_.find(order.symbol);
        if (book == books_.end() || !book->second.has_quote) return "no quote for " + order.symbol;
    }
    if (!order_ids_.insert(order.order_id).second) return "duplicate order id";
    return {};
}

MatchingEngine::Messages MatchingEngine::cancel(const CancelRequest& request) {
    Messages out;
    const auto book = books_.find(request.symbol);
    if (book == books_.end()) return out;
    for (auto* side : {&book->second.buys, &book->second.sells}) {
        const auto found = std::find_if(side->begin(), side->end(), [&](const Working& working) {
            return working.order.order_id == request.order_id &&
                   working.order.account == request.account;
        });
        if (found == side->end()) continue;
        out.emplace_back(make_execution_report(found->order, OrderStatus::CANCELLED, found->filled,
                                               found->notional, "cancelled on request"));
        side->erase(found);
        break;
    }
    return out;
}

MatchingEngine::Messages MatchingEngine::on_quote(const MarketTick& quote) {
    if (quote.kind != TickKind::QUOTE) {
        throw std::invalid_argument("MatchingEngine::on_quote: a trade print is not a quote");
    }
    Messages out;
    auto& book = books_[quote.symbol];
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
            for (const auto& working : *side) {
                out.emplace_back(make_execution_report(working.order, OrderStatus::CANCELLED,
                                                       working.filled, working.notional,
                                                       std::string(reason)));
            }
            side->clear();
        }
    }
    return out;
}

std::size_t MatchingEngine::resting_count() const noexcept {
    std::size_t count = 0;
    for (const auto& [symbol, book] : books_) count += book.buys.size() + book.sells.size();
    return count;
}

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

void MatchingEngine::match_resting(Book& book, std::vector<Working>& side, Messages& out) {
    for (auto working = side.begin(); working != side.end();) {
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
            working = side.erase(working);
        } else {
            ++working;
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
    const double price = working.order.price;
    const auto worse = std::find_if(side.begin(), side.end(), [&](const Working& other) {
        return working.order.side == Side::BUY ? other.order.price < price
                                               : other.order.price > price;
    });
    side.insert(worse, std::move(working));
}

}  // namespace liquid_energy::trading
