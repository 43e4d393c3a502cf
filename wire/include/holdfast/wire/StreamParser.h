#pragma once
// The common face of every device protocol parser: pure code, bytes in, frames and markers out
// (PlotJuggler keeps its parsers apart from the GUI the same way). A parser never blocks, never
// allocates per sample once warmed up, and counts every byte it could not turn into a sample.
// Frames are never emitted from a line or frame that failed validation.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "holdfast/wire/Frame.h"

namespace holdfast::wire {

/// What a parser saw. Every field only grows; the engine copies them into AcquisitionStats.
struct ParserCounters {
  std::uint64_t bytes = 0;
  std::uint64_t samples = 0;  ///< frames emitted
  std::uint64_t lines = 0;    ///< complete text lines or binary frame candidates examined
  std::uint64_t header_lines =
      0;  ///< header / boot text / device replies (not samples, not errors)
  std::uint64_t malformed_lines = 0;     ///< a line or frame that failed validation
  std::uint64_t channel_mismatches = 0;  ///< a different channel layout than the first sample
  std::uint64_t overlong_lines = 0;
  std::uint64_t truncated_lines = 0;  ///< bytes left without an end when the stream ended or reset
  std::uint64_t crc_errors = 0;       ///< binary frames whose checksum did not match
  std::uint64_t resyncs = 0;          ///< times a binary parser lost the frame boundary
  std::uint64_t skipped_bytes = 0;    ///< bytes discarded while searching for a frame start
  std::uint64_t device_errors = 0;    ///< error replies from the device (Mark-10 *10, ...)
  std::uint64_t triggers = 0;         ///< trigger edges reported by the device
};

/// Something the device told us between samples (a trigger edge, an error, a hole in its
/// sequence numbers). `frame_offset` is the index in ParseOutput::frames of the frame it precedes.
struct DeviceMarker {
  std::size_t frame_offset = 0;
  std::int64_t host_time_ns = 0;
  EventKind kind = EventKind::Trigger;
  std::int64_t value = 0;
};

struct ParseOutput {
  std::vector<Frame> frames;
  std::vector<DeviceMarker> markers;
  std::vector<std::string> replies;  ///< text lines that answer a command ("Capture ended:")
  void clear() {
    frames.clear();
    markers.clear();
    replies.clear();
  }
};

/// One channel as the device sends it.
struct ChannelInfo {
  std::string name;
  std::string unit;      ///< "N", "kg", "lbF", "counts", "degC"...
  bool is_force = true;  ///< false for temperatures and similar side channels
  /// Counts the device says it gives per newton, and at zero load (a holdfast-binary device
  /// descriptor): a calibration from the device itself. Unset: the device did not say.
  std::optional<double> counts_per_newton = std::nullopt;
  double zero_counts = 0.0;
};

class StreamParser {
 public:
  virtual ~StreamParser() = default;

  /// Parses `bytes`, stamped with `host_time_ns` (the time of the read that delivered them).
  virtual void feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) = 0;
  /// The stream ended: a partial line or frame is counted as truncated, never emitted.
  virtual void finish() = 0;
  /// Frames the parser held back (the holdfast-binary parser waits a moment for the device's
  /// descriptor before its first sample leaves) are emitted now: called before finish() and
  /// resetStream(), so that none is lost.
  virtual void release(ParseOutput& /*out*/) {}
  /// The link was re-opened: partial bytes are dropped (counted), the layout is kept.
  virtual void resetStream() { finish(); }

  /// The layout once known (after the first sample or a header).
  [[nodiscard]] virtual std::vector<ChannelInfo> channels() const = 0;
  /// True when the protocol numbers its frames and the parser reports holes itself, exactly.
  [[nodiscard]] virtual bool reportsOwnGaps() const { return false; }
  /// True when device_time_s is the device's own clock (false: it is the arrival time).
  [[nodiscard]] virtual bool hasDeviceClock() const { return true; }

  [[nodiscard]] const ParserCounters& counters() const { return counters_; }

 protected:
  ParserCounters counters_;
};

}  // namespace holdfast::wire
