#pragma once

#include <atomic>

#include "event_record.hpp"

namespace liquid_energy::core::detail {

/// The engine's lock-free ingress: any number of producers, one consumer (the dispatcher). Dmitry
/// Vyukov's intrusive MPSC queue: a push is one atomic exchange and never waits; a pop never
/// waits either, but may see the queue empty for the instant between a producer's exchange and
/// its link, which `empty` tells apart.
class IngressQueue {
  public:
    IngressQueue() = default;
    IngressQueue(const IngressQueue&) = delete;
    IngressQueue& operator=(const IngressQueue&) = delete;

    /// Thread-safe.
    void push(IngressNode* node) noexcept {
        node->next.store(nullptr, std::memory_order_relaxed);
        IngressNode* previous = head_.exchange(node, std::memory_order_seq_cst);
        previous->next.store(node, std::memory_order_release);
    }

    /// The oldest node, or null when none is ready. Consumer only.
    IngressNode* pop() noexcept;

    /// True when every push that has begun has been popped. Consumer only.
    bool empty() const noexcept { return tail_ == &stub_ && !pushed_since_empty(); }

    /// After `empty()`: whether a push has begun since. Reads only the producers' side, so it is
    /// safe even once the consumer has handed its role on; sequentially consistent, so that a
    /// consumer going idle and a producer checking for it never both miss.
    bool pushed_since_empty() const noexcept {
        return head_.load(std::memory_order_seq_cst) != &stub_;
    }

  private:
    IngressNode stub_;
    std::atomic<IngressNode*> head_{&stub_};
    IngressNode* tail_ = &stub_;
};

inline IngressNode* IngressQueue::pop() noexcept {
    IngressNode* tail = tail_;
    IngressNode* next = tail->next.load(std::memory_order_acquire);
    if (tail == &stub_) {
        if (next == nullptr) return nullptr;
        tail_ = next;
        tail = next;
        next = next->next.load(std::memory_order_acquire);
    }
    if (next != nullptr) {
        tail_ = next;
        return tail;
    }
    if (tail != head_.load(std::memory_order_acquire)) return nullptr;
    push(&stub_);
    next = tail->next.load(std::memory_order_acquire);
    if (next == nullptr) return nullptr;
    tail_ = next;
    return tail;
}

}  // namespace liquid_energy::core::detail
