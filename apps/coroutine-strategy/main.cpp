// A strategy written as a coroutine over the engine: it pulls market data from a Subscription and
// puts an order whenever the price dips below its moving average. A second coroutine feeds a
// random walk of prices. Everything runs on one io_context thread; the program ends after
// `--events N` prices (default 50) or at SIGINT/SIGTERM.
#include <csignal>
#include <cstddef>
#include <exception>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include "liquid_energy/core.hpp"

namespace asio = boost::asio;
using namespace liquid_energy::core;
using namespace std::chrono_literals;

namespace {

/// The number after `--events`, or the default; 0 when the arguments make no sense.
std::size_t parse_event_limit(int argc, char** argv) {
    constexpr std::size_t default_limit = 50;
    if (argc == 1) return default_limit;
    if (argc != 3 || std::string_view(argv[1]) != "--events") return 0;
    try {
        const long limit = std::stol(argv[2]);
        return limit > 0 ? static_cast<std::size_t>(limit) : 0;
    } catch (const std::exception&) {
        return 0;
    }
}

/// Publishes a price every 5 ms until the engine refuses it (it has been stopped).
asio::awaitable<void> feed_market_data(EventEngine& engine) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    std::minstd_rand random(42);
    std::uniform_real_distribution<double> step(-0.5, 0.5);
    for (double price = 100.0;; price += step(random)) {
        timer.expires_after(5ms);
        co_await timer.async_wait(asio::use_awaitable);
        if (!engine.put(
                Event(EventType::MARKET_DATA, {{"symbol", "ACME"}, {"price", price}}, "feed"))) {
            co_return;
        }
    }
}

/// Buys when the price falls 0.2% below its moving average. Returns the number of prices seen:
/// `limit`, or fewer if the subscription was closed first.
asio::awaitable<std::size_t> run_strategy(EventEngine& engine, Subscription& market_data,
                                          std::size_t limit) {
    double average = 0.0;
    for (std::size_t seen = 0; seen < limit; ++seen) {
        auto [error, event] =
            co_await market_data.async_receive(asio::as_tuple(asio::use_awaitable));
        if (error) co_return seen;  // closed: we were asked to stop
        const double price = event.data().at("price").as_double();
        average = seen == 0 ? price : 0.9 * average + 0.1 * price;
        if (price < average * 0.998) {
            engine.put(Event(EventType::ORDER_UPDATE,
                             {{"action", "create"},
                              {"symbol", "ACME"},
                              {"side", "buy"},
                              {"quantity", 10},
                              {"limit_price", price}},
                             "coroutine-strategy"));
        }
    }
    co_return limit;
}

/// Prints the orders; it runs on its own strand, so it needs no lock.
class OrderPrinter : public EventListener {
  public:
    OrderPrinter() : EventListener("order-printer", {EventType::ORDER_UPDATE}) {}

    void handle_event(const Event& event) override {
        std::cout << "order " << boost::json::serialize(event.data()) << '\n';
    }
};

}  // namespace

int main(int argc, char** argv) {
    const std::size_t limit = parse_event_limit(argc, argv);
    if (limit == 0) {
        std::cerr << "usage: coroutine-strategy [--events N]   (N > 0, default 50)\n";
        return 2;
    }

    asio::io_context io;
    EventEngine engine(io.get_executor());
    engine.register_listener(std::make_shared<OrderPrinter>());
    Subscription market_data(engine, {EventType::MARKET_DATA});

    // Closing the subscription ends the strategy, whose completion stops everything else.
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& error, int) {
        if (!error) market_data.close();
    });

    engine.start();
    std::size_t seen = 0;
    asio::co_spawn(io, feed_market_data(engine), asio::detached);
    asio::co_spawn(io, run_strategy(engine, market_data, limit),
                   [&](std::exception_ptr failure, std::size_t strategy_seen) {
                       signals.cancel();
                       // On the io thread, stop() returns at once; the engine drains, then lets
                       // io.run() return.
                       engine.stop();
                       if (failure) std::rethrow_exception(failure);
                       seen = strategy_seen;
                   });
    try {
        io.run();
    } catch (const std::exception& failure) {
        std::cerr << "coroutine-strategy: " << failure.what() << '\n';
        return 1;
    }
    std::cout << seen << " market data events\n";
}
