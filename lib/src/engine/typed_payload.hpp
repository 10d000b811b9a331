#pragma once

#include <atomic>
#include <cstddef>
#include <typeinfo>

#include <boost/json/object.hpp>

#include "liquid_energy/core/detail/payload_ops.hpp"

namespace liquid_energy::core::detail {

/// The typed views of one event: the first (the producer's payload, or the first type a listener
/// asked for) lives in an inline buffer when it fits, so that a steady stream of small typed
/// events allocates nothing; any further type asked of the same event is kept on the heap.
///
/// The first view is readable without a lock once `ops()` returns it; everything else, and every
/// change, is for the holder of the record's views mutex (or for the thread making the event).
class TypedPayload {
  public:
    static constexpr std::size_t inline_capacity = 128;

    TypedPayload() = default;
    TypedPayload(const TypedPayload&) = delete;
    TypedPayload& operator=(const TypedPayload&) = delete;
    ~TypedPayload() { clear(); }

    /// The first view's operations, or nullptr when there is none.
    const PayloadOps* ops() const noexcept { return ops_.load(std::memory_order_acquire); }
    const void* object() const noexcept { return object_; }

    /// Moves `from` in; the payload stays as it was if that throws.
    const void* emplace(const PayloadOps& ops, void* from);
    /// Converts `from` into a new view; throws std::invalid_argument when it cannot.
    const void* convert(const PayloadOps& ops, const boost::json::object& from);
    /// The view of type `type`, or nullptr.
    const void* find(const std::type_info& type) const noexcept;
    void clear() noexcept;

  private:
    struct Extra {
        const PayloadOps* ops;
        void* object;
        Extra* next;
    };

    template <typename Construct>
    const void* add(const PayloadOps& ops, Construct construct);

    // What a listener reads first, ahead of the buffer, so that it shares the record's first
    // cache line with the event's type and time.
    std::atomic<const PayloadOps*> ops_{nullptr};
    void* object_ = nullptr;
    Extra* extras_ = nullptr;
    alignas(std::max_align_t) std::byte buffer_[inline_capacity];
};

}  // namespace liquid_energy::core::detail
