#include "holdfast/daq/AcquisitionStats.h"

namespace holdfast::daq {

std::vector<std::pair<std::string, std::int64_t>> AcquisitionStats::snapshot() const {
  auto v = [](const std::atomic<std::uint64_t>& a) {
    return static_cast<std::int64_t>(a.load(std::memory_order_relaxed));
  };
  return {
      {"bytes_received", v(bytes_received)},
      {"stale_bytes", v(stale_bytes)},
      {"stale_samples_discarded", v(stale_samples_discarded)},
      {"samples", v(samples)},
      {"header_lines", v(header_lines)},
      {"malformed_lines", v(malformed_lines)},
      {"channel_mismatches", v(channel_mismatches)},
      {"overlong_lines", v(overlong_lines)},
      {"truncated_lines", v(truncated_lines)},
      {"crc_errors", v(crc_errors)},
      {"resyncs", v(resyncs)},
      {"skipped_bytes", v(skipped_bytes)},
      {"device_errors", v(device_errors)},
      {"triggers", v(triggers)},
      {"gaps", v(gaps)},
      {"missing_samples", v(missing_samples)},
      {"time_reversals", v(time_reversals)},
      {"stalls", v(stalls)},
      {"link_losses", v(link_losses)},
      {"reconnects", v(reconnects)},
      {"reconnect_attempts", v(reconnect_attempts)},
      {"poll_timeouts", v(poll_timeouts)},
      {"ring_overflows", v(ring_overflows)},
      {"display_drops", v(display_drops)},
      {"events_lost", v(events_lost)},
      {"link_errors", v(link_errors)},
      {"dropped_after_sink_failure", v(dropped_after_sink_failure)},
  };
}

}  // namespace holdfast::daq
