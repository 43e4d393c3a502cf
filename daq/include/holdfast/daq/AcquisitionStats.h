#pragma once
// Counters of everything that happened to a stream. Written by the acquisition thread only
// (relaxed atomics), readable at any time by the UI or the recorder. Nothing is lost silently:
// every rejected line, bad frame, hole, stall, reconnect and overflow has a counter here, and
// they are stored with the trial. Meaning of each: docs/acquisition.md.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace holdfast::daq {

/// Below this, the first 50-100 ms of a rise hold too few samples for early RFD (Maffiuletti
/// et al. 2016 recommend >= 1 kHz; 500 Hz is the floor we accept without a warning).
inline constexpr double kMinimumRateForEarlyRfdHz = 500.0;

struct AcquisitionStats {
  std::atomic<std::uint64_t> bytes_received{0};
  /// What waited in the port's input buffer when the trial started (sent before it, while
  /// nobody read): parsed for the device's header and layout, its samples not recorded (a
  /// trial holds only what arrived after its start), both counted.
  std::atomic<std::uint64_t> stale_bytes{0};
  std::atomic<std::uint64_t> stale_samples_discarded{0};
  std::atomic<std::uint64_t> samples{0};  ///< frames accepted into the recording ring
  std::atomic<std::uint64_t> header_lines{0};
  std::atomic<std::uint64_t> malformed_lines{0};
  std::atomic<std::uint64_t> channel_mismatches{0};
  std::atomic<std::uint64_t> overlong_lines{0};
  std::atomic<std::uint64_t> truncated_lines{0};
  std::atomic<std::uint64_t> crc_errors{0};
  std::atomic<std::uint64_t> resyncs{0};
  std::atomic<std::uint64_t> skipped_bytes{0};
  std::atomic<std::uint64_t> device_errors{0};
  std::atomic<std::uint64_t> triggers{0};
  std::atomic<std::uint64_t> gaps{0};
  std::atomic<std::uint64_t> missing_samples{0};  ///< from sequence numbers or device timestamps
  std::atomic<std::uint64_t> time_reversals{0};
  std::atomic<std::uint64_t> stalls{0};
  std::atomic<std::uint64_t> link_losses{0};  ///< unplug, hang-up, read error, long stall
  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<std::uint64_t> reconnect_attempts{0};
  std::atomic<std::uint64_t> poll_timeouts{0};
  std::atomic<std::uint64_t> ring_overflows{0};  ///< frames the recorder could not take
  std::atomic<std::uint64_t> display_drops{0};   ///< frames the display ring could not take
  std::atomic<std::uint64_t> events_lost{0};     ///< events the event ring could not take
  std::atomic<std::uint64_t> link_errors{0};
  /// Frames that arrived after the recording sink failed (a full disk): not recorded, counted.
  std::atomic<std::uint64_t> dropped_after_sink_failure{0};
  /// Samples per second of device time over the last second (0 until known).
  std::atomic<double> measured_rate_hz{0.0};
  /// The rate the device means to send at: 1 / its median sample interval (from its own clock),
  /// or the poll rate of a polled device (0 until known).
  std::atomic<double> nominal_rate_hz{0.0};
  /// Sample intervals per second of streamed time over the whole trial, the holes of
  /// reconnects left out (0 until two samples).
  std::atomic<double> average_rate_hz{0.0};
  /// CPU time used by the acquisition and drain threads, known once they ended.
  std::atomic<double> acquisition_cpu_s{0.0};
  std::atomic<double> drain_cpu_s{0.0};

  /// Name/value pairs, in a fixed order, for storage and display.
  [[nodiscard]] std::vector<std::pair<std::string, std::int64_t>> snapshot() const;
};

}  // namespace holdfast::daq
