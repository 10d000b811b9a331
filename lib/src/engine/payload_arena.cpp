#include "payload_arena.hpp"

#include <functional>

#include <boost/json/storage_ptr.hpp>

namespace liquid_energy::core::detail {
namespace {

thread_local const char this_thread_marker = 0;

boost::json::memory_resource& heap() { return *boost::json::storage_ptr().get(); }

}  // namespace

void PayloadArena::begin_build() noexcept {
    builder_.store(&this_thread_marker, std::memory_order_relaxed);
}

void PayloadArena::end_build() noexcept { builder_.store(nullptr, std::memory_order_relaxed); }

void PayloadArena::reset() noexcept {
    used_ = 0;
    spilled_ = false;
}

void* PayloadArena::do_allocate(std::size_t bytes, std::size_t alignment) {
    if (builder_.load(std::memory_order_relaxed) == &this_thread_marker) {
        const std::size_t start = (used_ + alignment - 1) & ~(alignment - 1);
        if (start <= capacity && bytes <= capacity - start) {
            used_ = start + bytes;
            return buffer_ + start;
        }
        spilled_ = true;
    }
    return heap().allocate(bytes, alignment);
}

void PayloadArena::do_deallocate(void* pointer, std::size_t bytes, std::size_t alignment) {
    if (!in_buffer(pointer)) heap().deallocate(pointer, bytes, alignment);
}

bool PayloadArena::do_is_equal(const boost::json::memory_resource& other) const noexcept {
    return this == &other;
}

bool PayloadArena::in_buffer(const void* pointer) const noexcept {
    const std::less<const void*> before;
    return !before(pointer, buffer_) && before(pointer, buffer_ + capacity);
}

}  // namespace liquid_energy::core::detail
