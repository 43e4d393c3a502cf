#pragma once
// Which leading samples of a recording the device took before the trial started. A device, a
// driver or a simulator that queued its output while nobody read sends it in a burst when the
// port opens: those samples carry the device's old timestamps and are not the trial's.
//
// The device clock's reading at the start (host time 0) is -min(host - device) over the first
// seconds of arrivals: the least-delayed sample, before any drift between the clocks counts
// (liblsl estimates a stream's clock offset from its least-delayed exchanges in the same way).
// Leading samples older than that, by more than the read jitter, are the queued ones. A device
// without a clock (device time = arrival time) never loses one. Internal to store/.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace holdfast::store {

class TrialStartClock {
 public:
  static constexpr double kWindowS = 5.0;      ///< the arrivals that say when the start was
  static constexpr double kToleranceS = 0.02;  ///< read jitter: a sample this much older stays

  /// Every sample in order: its arrival (host clock, 0 = the start) and its device time.
  void add(std::span<const double> host_time_s, std::span<const double> device_time_s) {
    for (std::size_t i = 0; i < host_time_s.size() && i < device_time_s.size(); ++i) {
      const double host = host_time_s[i], device = device_time_s[i];
      if (!(host <= kWindowS) || !std::isfinite(device)) continue;
      early_device_.push_back(device);
      if (host >= 0.0) min_offset_ = std::min(min_offset_, host - device);
    }
  }

  /// How many leading samples (of `total`) were taken before the start; never all of them.
  [[nodiscard]] std::uint64_t samplesBeforeStart(std::uint64_t total) const {
    if (!std::isfinite(min_offset_)) return 0;
    const double device_at_start = -min_offset_ - kToleranceS;
    std::uint64_t k = 0;
    while (k < early_device_.size() && early_device_[k] < device_at_start) ++k;
    return k >= total ? 0 : k;
  }

 private:
  std::vector<double> early_device_;
  double min_offset_ = std::numeric_limits<double>::infinity();
};

}  // namespace holdfast::store
