#include "implementations.hpp"

#include <array>

namespace liquid_bench {

std::span<const Implementation> implementations() {
    static constexpr std::array<Implementation, 4> all{{
        {"liquid_energy.typed", true, &liquid_energy_impl::run_w1_typed,
         &liquid_energy_impl::run_w2_typed},
        {"liquid_energy.json", true, &liquid_energy_impl::run_w1_json,
         &liquid_energy_impl::run_w2_json},
        {"naive_cpp", false, &naive_cpp::run_w1, &naive_cpp::run_w2},
        {"asio_plain", true, &asio_plain::run_w1, &asio_plain::run_w2},
    }};
    return all;
}

const Implementation& with_slow_listener() {
    static constexpr Implementation variant{"liquid_energy.slow_listener", true, nullptr,
                                            &liquid_energy_impl::run_w2_with_slow_listener};
    return variant;
}

const Implementation& over_nats() {
    static constexpr Implementation through_broker{"liquid_energy.nats", false, &nats_impl::run_w1,
                                                   &nats_impl::run_w2};
    return through_broker;
}

}  // namespace liquid_bench
