#pragma once

#include <memory>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "event_record.hpp"
#include "liquid_energy/core/put_status.hpp"
#include "room_waiter.hpp"

namespace liquid_energy::core::detail {

class EngineCore;

/// `EventEngine::async_put`: admits the event at once when it can; otherwise waits on a strand
/// for the engine to report room, up to the type's `block_timeout`, holding no thread.
class AsyncPut final : public RoomWaiter, public std::enable_shared_from_this<AsyncPut> {
  public:
    using Handler = boost::asio::any_completion_handler<void(PutStatus)>;

    static void start(std::shared_ptr<EngineCore> core, EventRecord* record, Handler handler);

    AsyncPut(std::shared_ptr<EngineCore> core, EventRecord* record, Handler handler);
    ~AsyncPut();

    void room_may_be_free() override;

  private:
    void wait();
    void retry();
    void complete(PutStatus status);

    std::shared_ptr<EngineCore> core_;
    EventRecord* record_;
    Handler handler_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    boost::asio::steady_timer deadline_;
};

}  // namespace liquid_energy::core::detail
