#define BOOST_TEST_MODULE ingress_queue
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "engine/ingress_queue.hpp"

using namespace liquid_energy::core::detail;

namespace {

/// A node that knows which producer pushed it and in what order.
struct NumberedNode : IngressNode {
    std::size_t producer = 0;
    std::size_t seq = 0;
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_empty_queue_pops_nothing_and_says_so) {
    IngressQueue queue;
    BOOST_TEST(queue.pop() == nullptr);
    BOOST_TEST(queue.empty());
}

BOOST_AUTO_TEST_CASE(one_producer_is_first_in_first_out_to_the_last_node) {
    IngressQueue queue;
    std::vector<NumberedNode> nodes(5);
    for (auto& node : nodes) queue.push(&node);
    BOOST_TEST(!queue.empty());
    BOOST_TEST(queue.pushed_since_empty());
    for (auto& node : nodes) BOOST_TEST(queue.pop() == &node);
    BOOST_TEST(queue.pop() == nullptr);
    BOOST_TEST(queue.empty());
    BOOST_TEST(!queue.pushed_since_empty());
    queue.push(&nodes[0]);
    BOOST_TEST(queue.pop() == &nodes[0]);
}

BOOST_AUTO_TEST_CASE(concurrent_producers_lose_nothing_and_keep_their_own_order) {
    constexpr std::size_t producers = 4;
    constexpr std::size_t per_producer = 20000;
    std::vector<std::vector<NumberedNode>> nodes;
    for (std::size_t p = 0; p < producers; ++p) nodes.emplace_back(per_producer);
    IngressQueue queue;
    std::vector<std::jthread> threads;
    for (std::size_t p = 0; p < producers; ++p) {
        threads.emplace_back([&, p] {
            for (std::size_t i = 0; i < per_producer; ++i) {
                nodes[p][i].producer = p;
                nodes[p][i].seq = i;
                queue.push(&nodes[p][i]);
            }
        });
    }
    std::vector<std::size_t> next(producers, 0);
    std::size_t popped = 0;
    bool in_order = true;
    while (popped < producers * per_producer) {
        auto* node = static_cast<NumberedNode*>(queue.pop());
        if (node == nullptr) {
            std::this_thread::yield();
            continue;
        }
        in_order = in_order && node->seq == next[node->producer]++;
        ++popped;
    }
    threads.clear();
    BOOST_TEST(in_order);
    BOOST_TEST(queue.pop() == nullptr);
}
