#pragma once

#include <atomic>
#include <cstddef>

#include <boost/json/memory_resource.hpp>

namespace liquid_energy::core::detail {

/// The memory of one event's payload: a buffer inside the pooled event record, filled by bumping a
/// pointer while the event is built and reclaimed wholesale when the record is recycled, so that
/// building a small payload allocates nothing.
///
/// Boost.JSON copies a value with the memory resource of its source, so a payload copied out of an
/// event keeps pointing here long after the event is gone. The buffer is therefore handed out only
/// to the thread that is building the event, between `begin_build` and `end_build`; every other
/// allocation, and whatever does not fit, comes from the default heap resource and is freed there.
/// Records are never destroyed (see RecordPool), so this resource outlives every such copy.
class PayloadArena final : public boost::json::memory_resource {
  public:
    static constexpr std::size_t capacity = 320;

    /// Lends the buffer to the calling thread until `end_build`.
    void begin_build() noexcept;
    void end_build() noexcept;
    /// Whether everything allocated through the arena while building lives in its buffer: a
    /// payload built so holds no memory of its own and need not be destroyed to be dropped.
    bool self_contained() const noexcept { return !spilled_; }
    /// Makes the whole buffer free again; the payload built in it must be dropped first.
    void reset() noexcept;

  private:
    void* do_allocate(std::size_t bytes, std::size_t alignment) override;
    void do_deallocate(void* pointer, std::size_t bytes, std::size_t alignment) override;
    bool do_is_equal(const boost::json::memory_resource& other) const noexcept override;

    bool in_buffer(const void* pointer) const noexcept;

    alignas(std::max_align_t) std::byte buffer_[capacity];
    std::size_t used_ = 0;
    bool spilled_ = false;
    // The thread building into the buffer, identified by a thread-local's address; null when none.
    std::atomic<const void*> builder_{nullptr};
};

}  // namespace liquid_energy::core::detail
