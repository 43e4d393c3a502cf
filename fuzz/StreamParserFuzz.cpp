// libFuzzer target: every device protocol parser (csv, Chronojump force sensor and platform,
// OpenScale, Mark-10, Holdfast binary) on arbitrary bytes, delivered in arbitrary chunks, with
// resets (reconnects) in between. The first byte picks the protocol and the chunking.
// Invariants checked, not only "no crash": a frame never has more channels than the device's
// layout or kMaxChannels, every value is finite, the sample counter equals the frames emitted,
// and markers point inside the frames of their call.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "FuzzCheck.h"
#include "holdfast/wire/DeviceProtocol.h"
#include "holdfast/wire/StreamParser.h"

using namespace holdfast::wire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto& all = protocolDescriptions();
  const ProtocolDescription& protocol = all[data[0] % all.size()];
  const std::size_t chunk = 1 + data[1] % 64;
  TextParserConfig csv;
  csv.time_column = (data[1] & 0x80) == 0;
  auto parser = makeParser(protocol.protocol, csv);
  std::span<const char> bytes(reinterpret_cast<const char*>(data + 2), size - 2);
  ParseOutput out;
  std::uint64_t frames = 0;
  std::int64_t now = 0;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    out.clear();
    const auto piece = bytes.subspan(at, std::min(chunk, bytes.size() - at));
    parser->feed(piece, now += 1000, out);
    for (const Frame& f : out.frames) {
      FUZZ_CHECK(f.channel_count >= 1 && f.channel_count <= kMaxChannels);
      for (std::uint32_t c = 0; c < f.channel_count; ++c) FUZZ_CHECK(std::isfinite(f.values[c]));
      FUZZ_CHECK(std::isfinite(f.device_time_s));
    }
    for (const DeviceMarker& m : out.markers) FUZZ_CHECK(m.frame_offset <= out.frames.size());
    frames += out.frames.size();
    if (!out.frames.empty())
      FUZZ_CHECK(parser->channels().size() == out.frames.back().channel_count);
    // A reconnect now and then: a byte of the chunking seed decides.
    if (piece.front() == '\x7f') parser->resetStream();
  }
  parser->finish();
  FUZZ_CHECK(parser->counters().samples == frames);
  FUZZ_CHECK(parser->counters().bytes == bytes.size());
  return 0;
}
