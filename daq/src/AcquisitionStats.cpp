#include "holdfast/daq/AcquisitionStats.h"

namespace holdfast::daq {

std::vector<std::pair<std::string, std::int64_t>> AcquisitionStats::snapshot() const {
  auto v = [](const std::atomic<std::uint64_t>& a) {
    return static_cast<std::int64_t>(a.load(std::memory_order_relaxed));
  };
  return {
      {"bytes_received", v(bytes_received)},
      {"samples", v(samples)},
      {"header_lines", v(header_lines)},
      {"malformed_lines", v(malformed_lines)},
      {"channel_mismatches", v(channel_mismatches)},
      {"overlong_lines", v(overlong_lines)},
      {"truncated_lines", v(truncated_lines)},
      {"gaps", v(gaps)},
      {"missing_samples", v(missing_samples)},
      {"time_reversals", v(time_reversals)},
      {"stalls", v(stalls)},
      {"ring_overflows", v(ring_overflows)},
      {"events_lost", v(events_lost)},
      {"link_errors", v(link_errors)},
  };
}

}  // namespace holdfast::daq
