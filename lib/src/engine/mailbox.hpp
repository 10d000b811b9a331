#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "event_record.hpp"

namespace liquid_energy::core::detail {

/// Urgent events overtake the normal backlog; within a lane, first in, first out.
enum class Lane { urgent, normal };

/// A first-in, first-out ring of records that grows by doubling and never shrinks, so a steady
/// flow allocates nothing. Positions count every record ever pushed.
class RecordRing {
  public:
    std::uint64_t head() const noexcept { return head_; }
    std::size_t size() const noexcept { return static_cast<std::size_t>(tail_ - head_); }
    bool empty() const noexcept { return head_ == tail_; }

    /// Returns the record's position.
    std::uint64_t push(EventRecord* record);
    /// The record at `position`, in [head, head + size).
    EventRecord*& at(std::uint64_t position) noexcept { return slots_[position & mask_]; }
    /// Moves up to `out.size()` of the oldest records into `out`; returns how many.
    std::size_t take(std::span<EventRecord*> out) noexcept;

  private:
    void grow();

    std::vector<EventRecord*> slots_;
    std::uint64_t mask_ = 0;
    std::uint64_t head_ = 0;
    std::uint64_t tail_ = 0;
};

/// What waits for one listener, without locks or I/O (its ListenerSlot guards it), so that the
/// queueing policy can be tested alone: two lanes, and conflation of the normal lane by key.
class Mailbox {
  public:
    void push(Lane lane, EventRecord* record) { lane_ring(lane).push(record); }

    /// Queues `record` in the normal lane as the latest waiting event of its type and conflation
    /// key `key` (a view into `record`'s payload). With `replace`, it takes the place of the
    /// waiting event of that key, if any, which it returns; otherwise it is appended and the
    /// result is null. Every conflatable event goes through here, replacing or not, so that the
    /// one replaced is always the newest waiting: a newer one never goes out before an older one.
    EventRecord* push_keyed(EventRecord* record, std::string_view key, bool replace);

    /// Moves up to `out.size()` of the lane's oldest records into `out`; returns how many.
    std::size_t take(Lane lane, std::span<EventRecord*> out) noexcept {
        return lane_ring(lane).take(out);
    }

    bool empty(Lane lane) const noexcept { return lane_ring(lane).empty(); }
    std::size_t size() const noexcept { return urgent_.size() + normal_.size(); }

  private:
    /// Where the latest conflatable event of a key waits. Once the position has been taken, the
    /// view may dangle: it is compared only while the position still waits.
    struct KeyedPosition {
        EventType type;
        std::string_view key;
        std::uint64_t position;
    };

    RecordRing& lane_ring(Lane lane) noexcept { return lane == Lane::urgent ? urgent_ : normal_; }
    const RecordRing& lane_ring(Lane lane) const noexcept {
        return lane == Lane::urgent ? urgent_ : normal_;
    }

    RecordRing urgent_;
    RecordRing normal_;
    std::vector<KeyedPosition> latest_;
};

}  // namespace liquid_energy::core::detail
