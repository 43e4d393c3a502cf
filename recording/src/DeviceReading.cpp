#include "holdfast/recording/DeviceReading.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

namespace holdfast::recording {

namespace {

/// Collects frames in memory: a calibration reading is short.
class AveragingSink : public daq::RecordingSink {
 public:
  void appendFrames(std::span<const wire::Frame> frames) override {
    std::lock_guard lock(mutex_);
    for (const wire::Frame& f : frames) {
      if (sums_.size() < f.channel_count) {
        sums_.resize(f.channel_count, 0.0);
        squares_.resize(f.channel_count, 0.0);
      }
      for (std::size_t c = 0; c < f.channel_count; ++c) {
        sums_[c] += f.values[c];
        squares_[c] += f.values[c] * f.values[c];
      }
      ++count_;
    }
  }
  void appendEvent(const wire::AcquisitionEvent&) override {}
  std::vector<double> means() const {
    std::lock_guard lock(mutex_);
    std::vector<double> m;
    for (double s : sums_) m.push_back(s / static_cast<double>(count_));
    return m;
  }
  std::vector<double> sds() const {
    std::lock_guard lock(mutex_);
    std::vector<double> sd;
    const auto n = static_cast<double>(count_);
    for (std::size_t c = 0; c < sums_.size(); ++c) {
      const double mean = sums_[c] / n;
      sd.push_back(std::sqrt(std::max(0.0, squares_[c] / n - mean * mean)));
    }
    return sd;
  }
  std::uint64_t count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<double> sums_, squares_;
  std::uint64_t count_ = 0;
};

}  // namespace

DeviceReading readDeviceAverage(daq::AcquisitionConfig config, double seconds,
                                const std::function<bool()>& stop_requested) {
  config.reconnect.enabled = false;
  AveragingSink sink;
  daq::AcquisitionEngine engine(config, sink);
  engine.start();
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end && !engine.linkEnded() &&
         !(stop_requested && stop_requested())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  engine.stop();
  DeviceReading r;
  r.channels = engine.channels();
  r.samples = sink.count();
  if (r.samples < 10) {
    throw std::runtime_error("only " + std::to_string(r.samples) + " samples from " + config.port +
                             " in " + std::to_string(seconds) + " s; check --protocol and --baud");
  }
  r.mean = sink.means();
  r.sd = sink.sds();
  return r;
}

}  // namespace holdfast::recording
