#include "holdfast/recording/TrialRecorder.h"

#include "holdfast/store/IsoTime.h"

#include <algorithm>
#include <cmath>

namespace holdfast::recording {

namespace {
constexpr std::size_t kBatchRows = 4096;  // one HDF5 chunk
}

TrialRecorder::TrialRecorder(store::SessionJournalWriter& journal, RecordingOptions options,
                             std::chrono::milliseconds flush_every)
    : journal_(journal),
      options_(std::move(options)),
      flush_every_(flush_every),
      last_flush_(std::chrono::steady_clock::now()) {}

void TrialRecorder::deviceDescribed(const std::string& identity, std::uint32_t battery_mv) {
  if (!identity.empty()) trial_.device_firmware = identity;
  if (battery_mv > 0) trial_.device_battery_mv = battery_mv;
}

void TrialRecorder::beginRecording(std::span<const wire::ChannelInfo> channels) {
  raw_channels_.assign(channels.begin(), channels.end());
  plan_ = resolveRecordingPlan(raw_channels_, options_);
  raw_count_ = raw_channels_.size();
  force_count_ = plan_->layout.forceCount();
  cop_count_ = plan_->layout.copCount();
  store::TrialInfo layout = trial_;
  describeLayout(layout);
  // force_n is stored to 0.001 N; for devices sending integer ADC counts, to the power of ten
  // at or below one count's worth of force (rounding error at most half a count; finer digits
  // would store only noise). An uncalibrated channel (1 count = 1 unit) is then exact.
  bool all_counts = !raw_channels_.empty();
  double finest = 1e9;
  for (std::size_t c = 0; c < raw_channels_.size(); ++c) {
    all_counts = all_counts && raw_channels_[c].unit == "counts";
    if (c < plan_->calibration.size() && plan_->calibration[c].scale != 0.0)
      finest = std::min(finest, std::abs(plan_->calibration[c].scale));
  }
  layout.force_resolution_n = all_counts && finest < 1e9 ? std::clamp(finest, 1e-6, 1.0) : 0.001;
  journal_.writeLayout(layout);
  journal_.sync();
}

void TrialRecorder::appendFrames(std::span<const wire::Frame> frames) {
  for (const wire::Frame& f : frames) {
    // The parser fixes the layout with the first sample, before any frame leaves it.
    if (!plan_ || f.channel_count != raw_count_) {
      throw std::runtime_error("a frame does not match the device's announced channels");
    }
    time_.push_back(f.time_s);
    host_time_.push_back(static_cast<double>(f.host_time_ns) * 1e-9);
    device_time_.push_back(f.device_time_s);
    raw_.insert(raw_.end(), f.values.begin(), f.values.begin() + raw_count_);
    const std::size_t fo = force_.size(), co = cop_.size();
    force_.resize(fo + force_count_);
    cop_.resize(co + cop_count_);
    plan_->layout.apply(f, plan_->calibration, force_.data() + fo, cop_.data() + co);
    ++samples_;
  }
  if (time_.size() >= kBatchRows ||
      std::chrono::steady_clock::now() - last_flush_ >= flush_every_) {
    flush();
  }
}

void TrialRecorder::appendEvent(const wire::AcquisitionEvent& e) {
  appendDescribedEvent(e, std::string());
}

void TrialRecorder::appendDescribedEvent(const wire::AcquisitionEvent& e,
                                         const std::string& detail) {
  journal_.appendEvent(store::TrialEvent{
      static_cast<std::int64_t>(e.sample_index), static_cast<double>(e.host_time_ns) * 1e-9,
      std::string(wire::eventKindName(e.kind)), e.value, detail});
  if (std::chrono::steady_clock::now() - last_flush_ >= flush_every_) flush();
}

void TrialRecorder::flush() {
  last_flush_ = std::chrono::steady_clock::now();
  if (!time_.empty()) {
    journal_.appendAcquired({time_, host_time_, device_time_, force_, force_count_, raw_,
                             raw_count_, cop_, cop_count_});
  }
  if (stats_ != nullptr) journal_.writeCounters(stats_->snapshot());
  if (const double cue = pending_cue_.exchange(std::numeric_limits<double>::quiet_NaN());
      !std::isnan(cue))
    journal_.writeCue(cue);
  journal_.sync();
  time_.clear();
  host_time_.clear();
  device_time_.clear();
  force_.clear();
  raw_.clear();
  cop_.clear();
}

void TrialRecorder::describeLayout(store::TrialInfo& trial) const {
  trial.channel_names = plan_->layout.forceNames();
  trial.raw_channel_names.clear();
  trial.raw_units.clear();
  for (const auto& c : raw_channels_) {
    trial.raw_channel_names.push_back(c.name);
    trial.raw_units.push_back(c.unit);
  }
  trial.calibration_json = calibrationJson(*plan_);
  // Raw counts are never newtons: a force channel that nothing calibrated (no descriptor from
  // the device, no stored calibration) makes the trial's force_n counts, and says so.
  bool uncalibrated = false;
  for (std::size_t i = 0; i < raw_channels_.size() && i < plan_->calibration.size(); ++i)
    uncalibrated =
        uncalibrated || (raw_channels_[i].is_force && !plan_->calibration[i].calibrated());
  trial.unit = uncalibrated ? "counts" : "N";
  trial.layout = plan_->layout.describe();
  trial.cop_names = plan_->cop_names;
  trial.plate_pitch_mm = plan_->plate_pitch_mm;
  trial.plate_width_mm = plan_->plate_width_mm;
  trial.plate_length_mm = plan_->plate_length_mm;
}

void TrialRecorder::completeTrialInfo(store::TrialInfo& trial,
                                      const daq::AcquisitionEngine& engine) const {
  if (!plan_) throw std::logic_error("the trial has no recording plan yet");
  describeLayout(trial);
  trial.ended_utc = store::isoUtcNow();
  trial.device_firmware = engine.deviceIdentity();
  if (const std::uint32_t mv = engine.deviceBatteryMv(); mv > 0) trial.device_battery_mv = mv;
  trial.measured_rate_hz = engine.stats().average_rate_hz.load();
  trial.nominal_rate_hz = engine.stats().nominal_rate_hz.load();
}

}  // namespace holdfast::recording
