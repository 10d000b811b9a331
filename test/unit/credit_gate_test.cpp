#define BOOST_TEST_MODULE credit_gate
#include <chrono>
#include <cstdint>
#include <limits>

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/trading/lockstep.hpp"

using liquid_energy::trading::CreditGate;

namespace {

/// Whether a take completes, without error, before the context runs out of work.
bool take_succeeds(boost::asio::io_context& context, CreditGate& gate) {
    bool taken = false;
    gate.async_take([&taken](boost::system::error_code error) { taken = !error; });
    context.run_for(std::chrono::seconds(10));
    context.restart();
    return taken;
}

}  // namespace

BOOST_AUTO_TEST_CASE(credits_saturate_instead_of_wrapping_to_none) {
    boost::asio::io_context context;
    CreditGate gate(context.get_executor());
    gate.add(std::numeric_limits<std::uint64_t>::max());
    // Wrapping would leave no credit at all: the take would wait for good.
    gate.add(1);
    BOOST_TEST(take_succeeds(context, gate));
    BOOST_TEST(take_succeeds(context, gate));
}

BOOST_AUTO_TEST_CASE(a_take_fails_once_the_gate_is_closed) {
    boost::asio::io_context context;
    CreditGate gate(context.get_executor());
    gate.add(1);
    BOOST_TEST(take_succeeds(context, gate));
    gate.close();
    BOOST_TEST(!take_succeeds(context, gate));
}
