#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/system/error_code.hpp>

namespace liquid_energy::wire {

/// Tells a reader when it may read more from its peer: how the writer answering that peer holds
/// it back while the answers wait (JsonLineWriter is one; JsonLineConnector asks one).
class ReadPacer {
  public:
    using Signature = void(boost::system::error_code);

    virtual ~ReadPacer() = default;

    /// Completes, never inside this call, once the reader may read: success when the pacer is
    /// ready, boost::asio::error::operation_aborted when it never will be (it has stopped). One
    /// wait at a time; to be called on the pacer's executor.
    virtual void async_wait_ready(boost::asio::any_completion_handler<Signature> handler) = 0;
};

}  // namespace liquid_energy::wire
