#include "typed_payload.hpp"

#include <memory>
#include <new>
#include <utility>

namespace liquid_energy::core::detail {
namespace {

bool fits_inline(const PayloadOps& ops) {
    return ops.size <= TypedPayload::inline_capacity && ops.alignment <= alignof(std::max_align_t);
}

void* allocate(const PayloadOps& ops) {
    return ::operator new(ops.size, std::align_val_t(ops.alignment));
}

void deallocate(const PayloadOps& ops, void* object) noexcept {
    ::operator delete(object, std::align_val_t(ops.alignment));
}

void destroy(const PayloadOps& ops, void* object, const void* buffer) noexcept {
    ops.destroy(object);
    if (object != buffer) deallocate(ops, object);
}

}  // namespace

template <typename Construct>
const void* TypedPayload::add(const PayloadOps& ops, Construct construct) {
    const bool first = object_ == nullptr;
    std::unique_ptr<Extra> extra(first ? nullptr : new Extra{&ops, nullptr, extras_});
    void* where = first && fits_inline(ops) ? static_cast<void*>(buffer_) : allocate(ops);
    try {
        construct(where);
    } catch (...) {
        if (where != buffer_) deallocate(ops, where);
        throw;
    }
    if (first) {
        object_ = where;
        ops_.store(&ops, std::memory_order_release);
    } else {
        extra->object = where;
        extras_ = extra.release();
    }
    return where;
}

const void* TypedPayload::emplace(const PayloadOps& ops, void* from) {
    return add(ops, [&](void* where) { ops.move_construct(where, from); });
}

const void* TypedPayload::convert(const PayloadOps& ops, const boost::json::object& from) {
    return add(ops, [&](void* where) { ops.from_json(from, where); });
}

const void* TypedPayload::find(const std::type_info& type) const noexcept {
    if (const PayloadOps* first = ops(); first != nullptr && first->type == type) return object_;
    for (const Extra* extra = extras_; extra != nullptr; extra = extra->next) {
        if (extra->ops->type == type) return extra->object;
    }
    return nullptr;
}

void TypedPayload::clear() noexcept {
    while (extras_ != nullptr) {
        Extra* extra = std::exchange(extras_, extras_->next);
        destroy(*extra->ops, extra->object, buffer_);
        delete extra;
    }
    if (const PayloadOps* first = ops(); first != nullptr) destroy(*first, object_, buffer_);
    object_ = nullptr;
    ops_.store(nullptr, std::memory_order_relaxed);
}

}  // namespace liquid_energy::core::detail
