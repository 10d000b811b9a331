#include "ledger.hpp"

#include <algorithm>

namespace liquid_soak {
namespace {

std::uint64_t count_between(const std::vector<std::uint32_t>& sorted, std::int64_t first,
                            std::int64_t last) {
    if (last < first || last < 0) return 0;
    const auto low = std::lower_bound(sorted.begin(), sorted.end(),
                                      static_cast<std::uint32_t>(std::max<std::int64_t>(first, 0)));
    const auto high = std::upper_bound(low, sorted.end(), static_cast<std::uint32_t>(last));
    return static_cast<std::uint64_t>(high - low);
}

}  // namespace

void TypeLog::record(core::PutStatus status, std::int64_t seq) {
    ++calls_;
    switch (status) {
        case core::PutStatus::accepted:
            accepted_.push_back(static_cast<std::uint32_t>(seq));
            if (filtered_out(seq))
                accepted_filtered_out_.push_back(static_cast<std::uint32_t>(seq));
            break;
        case core::PutStatus::stopped:
            ++refused_.stopped;
            break;
        case core::PutStatus::backlog_full:
            ++refused_.backlog_full;
            break;
        case core::PutStatus::timed_out:
            ++refused_.timed_out;
            break;
    }
}

std::uint64_t TypeLog::accepted_between(std::int64_t first, std::int64_t last,
                                        bool passing_filter) const {
    const std::uint64_t all = count_between(accepted_, first, last);
    return passing_filter ? all - count_between(accepted_filtered_out_, first, last) : all;
}

}  // namespace liquid_soak
