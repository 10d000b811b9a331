#pragma once

namespace liquid_energy::core::detail {

/// A producer waiting for room without holding a thread: the engine calls `room_may_be_free`
/// (from any thread, without its locks) when events leave a backlog or the engine stops, and
/// forgets the waiter; a waiter that still finds no room registers again.
class RoomWaiter {
  public:
    virtual void room_may_be_free() = 0;

  protected:
    ~RoomWaiter() = default;
};

}  // namespace liquid_energy::core::detail
