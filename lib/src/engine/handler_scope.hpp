#pragma once

namespace liquid_energy::core::detail {

class Lifecycle;

/// Marks the current thread as running a handler of the engine of `lifecycle` while it lives.
class HandlerScope {
  public:
    explicit HandlerScope(const Lifecycle& lifecycle) noexcept;
    ~HandlerScope();
    HandlerScope(const HandlerScope&) = delete;
    HandlerScope& operator=(const HandlerScope&) = delete;

    static bool inside(const Lifecycle& lifecycle) noexcept;

  private:
    const Lifecycle* previous_;
};

}  // namespace liquid_energy::core::detail
