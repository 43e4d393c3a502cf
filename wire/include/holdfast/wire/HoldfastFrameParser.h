#pragma once
// Parser of the Holdfast binary frame (HoldfastFrame.h, docs/protocols.md). A frame is emitted
// only when its sync, length, version, channel count, format and CRC-32C all check; otherwise
// the parser steps one byte and searches for the next sync, so it is back in step within one
// good frame. Sequence numbers make holes exact: a jump of k is a Gap marker of k - 1 frames.
// Int32 counts wait (at most kHoldMaxSeconds of device time, never dropped: release()) for the
// device descriptor that says what they are; channels() then carries its scale.

#include "holdfast/wire/ByteWindow.h"
#include "holdfast/wire/HoldfastFrame.h"
#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

class HoldfastFrameParser final : public StreamParser {
 public:
  void feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) override;
  void finish() override;
  void resetStream() override;
  [[nodiscard]] std::vector<ChannelInfo> channels() const override;
  [[nodiscard]] bool reportsOwnGaps() const override { return true; }
  void release(ParseOutput& out) override;

  /// How long (device time) counts wait for a descriptor before they leave as counts.
  static constexpr double kHoldMaxSeconds = 0.5;
  static constexpr std::size_t kHoldMaxFrames = 8192;
  /// The scales of the descriptor read, if any.
  [[nodiscard]] const std::vector<ChannelScale>& scales() const { return scales_; }

  /// Sequence number of the last frame accepted.
  [[nodiscard]] std::uint32_t lastSequence() const { return last_sequence_; }

 private:
  /// Bytes that are not the start of a good frame: counted, and the first of a run is a resync.
  void outOfStep(std::size_t skipped);
  void acceptDescriptor(const unsigned char* d, std::size_t channels, ParseOutput& out);

  ByteWindow window_;
  std::size_t channel_count_ = 0;
  SampleFormat format_ = SampleFormat::Int32Counts;
  bool have_sequence_ = false;
  bool in_step_ = true;  ///< false after a bad frame, until the next good one
  std::uint32_t last_sequence_ = 0;
  std::uint8_t last_flags_ = 0;
  bool awaiting_descriptor_ = true;
  std::vector<ChannelScale> scales_;
  ParseOutput held_;
};

}  // namespace holdfast::wire
