#include "async_put.hpp"

#include <utility>

#include "engine_core.hpp"
#include "post_completion.hpp"
#include "record_pool.hpp"

namespace liquid_energy::core::detail {

void AsyncPut::start(std::shared_ptr<EngineCore> core, EventRecord* record, Handler handler) {
    if (const auto status = core->try_put(record)) {
        post_completion(core->executor(), std::move(handler),
                        [status = *status](Handler handler) { std::move(handler)(status); });
        return;
    }
    const auto put = std::make_shared<AsyncPut>(std::move(core), record, std::move(handler));
    put->deadline_.expires_after(put->core_->block_timeout_of(record->type));
    put->deadline_.async_wait([put](boost::system::error_code error) {
        if (!error && put->record_ != nullptr) {
            put->complete(put->core_->refuse_timed_out(std::exchange(put->record_, nullptr)));
        }
    });
    put->wait();
}

AsyncPut::AsyncPut(std::shared_ptr<EngineCore> core, EventRecord* record, Handler handler)
    : core_(std::move(core)),
      record_(record),
      handler_(std::move(handler)),
      strand_(boost::asio::make_strand(core_->executor())),
      deadline_(strand_) {}

AsyncPut::~AsyncPut() {
    if (record_ != nullptr) RecordPool::release(record_);
}

void AsyncPut::wait() { core_->wait_for_room_async(shared_from_this(), record_->type); }

void AsyncPut::room_may_be_free() {
    boost::asio::post(strand_, [self = shared_from_this()] { self->retry(); });
}

void AsyncPut::retry() {
    if (record_ == nullptr) return;
    if (const auto status = core_->try_put(record_)) {
        record_ = nullptr;
        complete(*status);
        return;
    }
    wait();
}

void AsyncPut::complete(PutStatus status) {
    deadline_.cancel();
    post_completion(core_->executor(), std::move(handler_),
                    [status](Handler handler) { std::move(handler)(status); });
}

}  // namespace liquid_energy::core::detail
