#include "holdfast/station/LiveTraceBuffer.h"

#include <algorithm>

namespace holdfast::station {

LiveTraceBuffer::LiveTraceBuffer(double history_s, double cop_history_s)
    : history_s_(history_s), cop_history_s_(cop_history_s) {}

void LiveTraceBuffer::newEngine(double offset_s) {
  engine_offset_s_ = offset_s;
  engine_first_time_s_.reset();
}

void LiveTraceBuffer::reset(std::size_t forces, std::size_t plates, std::size_t raw) {
  force_.assign(forces, {});
  cop_.assign(plates, {});
  time_.clear();
  cop_time_.clear();
  raw_mean_.assign(raw, 0.0);
}

void LiveTraceBuffer::keepPicture(std::size_t raw) { raw_mean_.resize(raw, 0.0); }

void LiveTraceBuffer::clearSamples() {
  time_.clear();
  for (auto& c : force_) c.clear();
}

double LiveTraceBuffer::append(const wire::Frame& f, const double* force, const double* cop) {
  // Each engine's trial clock is rebased at its first frame (to that frame's arrival).
  if (!engine_first_time_s_) {
    engine_first_time_s_ = f.time_s - engine_offset_s_ - static_cast<double>(f.host_time_ns) * 1e-9;
    // Arrival times jitter by a few ms: the new engine's first sample must not land before the
    // last one drawn, or the picture would start again.
    if (!time_.empty() && f.time_s - *engine_first_time_s_ <= time_.back())
      engine_first_time_s_ = f.time_s - time_.back() - 0.001;
  }
  const double t = f.time_s - *engine_first_time_s_;
  if (!time_.empty() && t < time_.back()) clearSamples();
  time_.push_back(t);
  for (std::size_t c = 0; c < force_.size(); ++c) force_[c].push_back(force[c]);
  for (std::size_t p = 0; p < cop_.size(); ++p) cop_[p].emplace_back(cop[2 * p], cop[2 * p + 1]);
  cop_time_.push_back(t);
  for (std::size_t c = 0; c < f.channel_count && c < raw_mean_.size(); ++c)
    raw_mean_[c] += (f.values[c] - raw_mean_[c]) * 0.004;
  return t;
}

void LiveTraceBuffer::trim() {
  if (!time_.empty() && time_.front() < time_.back() - history_s_ - 2.0) {
    const auto cut = static_cast<std::size_t>(
        std::lower_bound(time_.begin(), time_.end(), time_.back() - history_s_) - time_.begin());
    time_.erase(time_.begin(), time_.begin() + static_cast<std::ptrdiff_t>(cut));
    for (auto& c : force_) c.erase(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(cut));
  }
  while (!cop_time_.empty() && cop_time_.front() < cop_time_.back() - cop_history_s_) {
    const auto cut = static_cast<std::size_t>(
        std::lower_bound(cop_time_.begin(), cop_time_.end(), cop_time_.back() - cop_history_s_) -
        cop_time_.begin());
    if (cut == 0) break;
    cop_time_.erase(cop_time_.begin(), cop_time_.begin() + static_cast<std::ptrdiff_t>(cut));
    for (auto& c : cop_) c.erase(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(cut));
  }
}

}  // namespace holdfast::station
