#pragma once
// Parser of the Holdfast binary frame (HoldfastFrame.h, docs/protocols.md). A frame is emitted
// only when its sync, length, version, channel count, format and CRC-32C all check; otherwise
// the parser steps one byte and searches for the next sync, so it is back in step within one
// good frame. Sequence numbers make holes exact: a jump of k is a Gap marker of k - 1 frames.

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

  /// Sequence number of the last frame accepted.
  [[nodiscard]] std::uint32_t lastSequence() const { return last_sequence_; }

 private:
  /// Bytes that are not the start of a good frame: counted, and the first of a run is a resync.
  void outOfStep(std::size_t skipped);

  ByteWindow window_;
  std::size_t channel_count_ = 0;
  SampleFormat format_ = SampleFormat::Int32Counts;
  bool have_sequence_ = false;
  bool in_step_ = true;  ///< false after a bad frame, until the next good one
  std::uint32_t last_sequence_ = 0;
  std::uint8_t last_flags_ = 0;
};

}  // namespace holdfast::wire
