#include "TrialRecorder.h"

namespace holdfast::app {

namespace {
constexpr std::size_t kBatchRows = 4096;  // one HDF5 chunk
}

TrialRecorder::TrialRecorder(store::SessionFileWriter& writer,
                             std::chrono::milliseconds flush_every)
    : writer_(writer), flush_every_(flush_every), last_flush_(std::chrono::steady_clock::now()) {
  time_.reserve(kBatchRows);
  host_time_.reserve(kBatchRows);
}

void TrialRecorder::appendFrames(std::span<const daq::Frame> frames) {
  for (const daq::Frame& f : frames) {
    if (channels_ == 0) {
      channels_ = f.channel_count;
      values_.reserve(kBatchRows * channels_);
      first_time_ = f.device_time_s;
    }
    // The parser fixes the channel count with the first sample, so this cannot change here.
    time_.push_back(f.device_time_s);
    host_time_.push_back(static_cast<double>(f.host_time_ns) * 1e-9);
    values_.insert(values_.end(), f.values.begin(), f.values.begin() + channels_);
    last_time_ = f.device_time_s;
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
  writer_.appendSamples(time_, host_time_, values_, channels_);
  time_.clear();
  host_time_.clear();
  values_.clear();
}

}  // namespace holdfast::app
