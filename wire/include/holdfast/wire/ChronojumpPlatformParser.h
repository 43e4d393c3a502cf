#pragma once
// Chronojump 4-channel force platform (firmware "Force_Platform-0.1", 115200 baud), binary:
//   FF FF FF FF | uint32 LE microseconds | 4 x int16 LE load-cell counts (offset subtracted)
// 16 bytes a frame and no checksum. The parser therefore only trusts the frame boundary when
// it sees it: it locks when two sync words lie exactly one frame apart, keeps the lock while
// every frame starts with a sync word and its clock moves forward by less than a second, and
// otherwise drops the frame, counts it, and searches again. Format: docs/protocols.md.

#include "holdfast/wire/ByteWindow.h"
#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

class ChronojumpPlatformParser final : public StreamParser {
 public:
  static constexpr std::size_t kFrameBytes = 16;

  void feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) override;
  void finish() override;
  void resetStream() override;
  [[nodiscard]] std::vector<ChannelInfo> channels() const override;

 private:
  ByteWindow window_;
  bool locked_ = false;
  bool ever_locked_ = false;
  bool have_time_ = false;
  std::uint32_t last_micros_ = 0;
  std::uint64_t wrap_offset_ = 0;
};

}  // namespace holdfast::wire
