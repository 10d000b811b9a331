#pragma once

#include "event_record.hpp"

namespace liquid_energy::core::detail {

/// Where event records come from and go back to, so that a steady flow of events allocates
/// nothing. Each thread keeps a magazine of free records; full magazines move between threads
/// through a shared shelf (one lock per magazine, not per record), so records freed by the
/// engine's threads feed the producers' threads.
///
/// Records are never given back to the system: a payload copied out of an event keeps using the
/// record's PayloadArena as its memory resource, which must therefore live for ever. The pool
/// holds at most as many records as were ever alive at once.
class RecordPool {
  public:
    /// A blank record holding one reference. Thread-safe.
    static EventRecord* acquire();
    static void retain(EventRecord* record, std::uint32_t count = 1) noexcept;
    /// Drops a reference; the last one destroys the payload and recycles the record. Thread-safe.
    static void release(EventRecord* record) noexcept;
};

}  // namespace liquid_energy::core::detail
