#include "record_pool.hpp"

#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

namespace liquid_energy::core::detail {
namespace {

constexpr std::size_t magazine_size = 64;

/// A free list of records.
class Magazine {
  public:
    bool empty() const noexcept { return head_ == nullptr; }
    bool full() const noexcept { return count_ >= magazine_size; }

    void push(EventRecord* record) noexcept {
        record->next_free = std::exchange(head_, record);
        ++count_;
    }

    EventRecord* pop() noexcept {
        EventRecord* record = head_;
        head_ = std::exchange(record->next_free, nullptr);
        --count_;
        return record;
    }

  private:
    EventRecord* head_ = nullptr;
    std::size_t count_ = 0;
};

/// The full magazines every thread can take from.
class Shelf {
  public:
    static Shelf& instance() {
        // Never destroyed: threads may hand magazines back during static destruction.
        static auto* const shelf = new Shelf;
        return *shelf;
    }

    void put(Magazine magazine) {
        std::lock_guard lock(mutex_);
        magazines_.push_back(magazine);
    }

    bool take(Magazine& magazine) {
        std::lock_guard lock(mutex_);
        if (magazines_.empty()) return false;
        magazine = magazines_.back();
        magazines_.pop_back();
        return true;
    }

  private:
    std::mutex mutex_;
    std::vector<Magazine> magazines_;
};

/// This thread's free records; handed to the shelf when the thread ends.
class LocalCache {
  public:
    ~LocalCache() {
        if (!magazine_.empty()) Shelf::instance().put(magazine_);
    }

    EventRecord* acquire() {
        if (magazine_.empty() && !Shelf::instance().take(magazine_)) return new EventRecord;
        return magazine_.pop();
    }

    void recycle(EventRecord* record) {
        if (magazine_.full()) Shelf::instance().put(std::exchange(magazine_, Magazine()));
        magazine_.push(record);
    }

  private:
    Magazine magazine_;
};

LocalCache& local_cache() {
    thread_local LocalCache cache;
    return cache;
}

}  // namespace

EventRecord* RecordPool::acquire() {
    EventRecord* record = local_cache().acquire();
    record->references.store(1, std::memory_order_relaxed);
    return record;
}

void RecordPool::retain(EventRecord* record, std::uint32_t count) noexcept {
    record->references.fetch_add(count, std::memory_order_relaxed);
}

void RecordPool::release(EventRecord* record) noexcept {
    if (record->references.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    record->data.clear(/*walk=*/!(record->built_in_arena && record->arena.self_contained()));
    record->data_ready.store(false, std::memory_order_relaxed);
    record->built_in_arena = false;
    record->typed.clear();
    record->source.reset();
    record->arena.reset();
    local_cache().recycle(record);
}

}  // namespace liquid_energy::core::detail
