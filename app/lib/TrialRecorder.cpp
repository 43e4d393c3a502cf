#include "TrialRecorder.h"

namespace holdfast::app {

namespace {
constexpr std::size_t kBatchRows = 4096;  // one HDF5 chunk
}

TrialRecorder::TrialRecorder(store::SessionFileWriter& writer, ChannelSource channels,
                             RecordingOptions options, std::chrono::milliseconds flush_every)
    : writer_(writer),
      channel_source_(std::move(channels)),
      options_(std::move(options)),
      flush_every_(flush_every),
      last_flush_(std::chrono::steady_clock::now()) {}

void TrialRecorder::appendFrames(std::span<const daq::Frame> frames) {
  for (const daq::Frame& f : frames) {
    if (!plan_) {
      raw_channels_ = channel_source_();
      if (raw_channels_.size() != f.channel_count) {
        // The parser fixes the layout with the first sample; a mismatch is a programming error.
        throw std::runtime_error("the device's channel list does not match its first sample");
      }
      plan_ = resolveRecordingPlan(raw_channels_, options_);
      raw_count_ = f.channel_count;
      force_count_ = plan_->layout.forceCount();
      cop_count_ = plan_->layout.copCount();
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

void TrialRecorder::appendEvent(const daq::AcquisitionEvent& e) {
  writer_.appendEvent(store::TrialEvent{static_cast<std::int64_t>(e.sample_index),
                                        static_cast<double>(e.host_time_ns) * 1e-9,
                                        std::string(daq::eventKindName(e.kind)), e.value});
}

void TrialRecorder::flush() {
  last_flush_ = std::chrono::steady_clock::now();
  if (time_.empty()) return;
  writer_.appendAcquired(
      {time_, host_time_, device_time_, force_, force_count_, raw_, raw_count_, cop_, cop_count_});
  time_.clear();
  host_time_.clear();
  device_time_.clear();
  force_.clear();
  raw_.clear();
  cop_.clear();
}

}  // namespace holdfast::app
