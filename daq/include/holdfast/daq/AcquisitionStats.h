#pragma once
// Counters of everything that happened to a stream. Written by the acquisition thread only
// (relaxed atomics), readable at any time by the UI or the recorder. Nothing is lost silently:
// every rejected line, hole, stall and overflow has a counter here and is stored with the trial.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace holdfast::daq {

struct AcquisitionStats {
  std::atomic<std::uint64_t> bytes_received{0};
  std::atomic<std::uint64_t> samples{0};  ///< frames accepted into the recording ring
  std::atomic<std::uint64_t> header_lines{0};
  std::atomic<std::uint64_t> malformed_lines{0};
  std::atomic<std::uint64_t> channel_mismatches{0};
  std::atomic<std::uint64_t> overlong_lines{0};
  std::atomic<std::uint64_t> truncated_lines{0};
  std::atomic<std::uint64_t> gaps{0};
  std::atomic<std::uint64_t> missing_samples{0};  ///< estimated from the device timestamps
  std::atomic<std::uint64_t> time_reversals{0};
  std::atomic<std::uint64_t> stalls{0};
  std::atomic<std::uint64_t> ring_overflows{0};  ///< frames the recorder could not take
  std::atomic<std::uint64_t> events_lost{0};     ///< events the event ring could not take
  std::atomic<std::uint64_t> link_errors{0};

  /// Name/value pairs, in a fixed order, for storage and display.
  [[nodiscard]] std::vector<std::pair<std::string, std::int64_t>> snapshot() const;
};

}  // namespace holdfast::daq
