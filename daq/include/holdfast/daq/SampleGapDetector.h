#pragma once
// Finds holes in a sample stream from the device's own timestamps: a text protocol without
// sequence numbers can still show that samples went missing (a dropped USB packet, a lost line).
// The sample period is the median of the first intervals; an interval longer than 1.5 periods
// is a gap of round(dt / period) - 1 missing samples.

#include <cstdint>
#include <optional>
#include <vector>

namespace holdfast::daq {

struct GapFinding {
  enum class Kind { Gap, TimeReversal };
  Kind kind;
  std::int64_t value;  ///< missing samples (Gap) or the backward jump in microseconds
};

class SampleGapDetector {
 public:
  explicit SampleGapDetector(std::size_t learning_intervals = 16) : learning_(learning_intervals) {}

  /// Feeds the next device timestamp; returns a finding when this sample follows a hole.
  std::optional<GapFinding> next(double device_time_s);

  /// The learnt sample period, once known.
  [[nodiscard]] std::optional<double> period_s() const { return period_; }

 private:
  std::size_t learning_;
  std::vector<double> intervals_;
  std::optional<double> last_;
  std::optional<double> period_;
};

}  // namespace holdfast::daq
