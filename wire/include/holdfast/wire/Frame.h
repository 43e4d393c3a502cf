#pragma once
// What flows from the acquisition thread to the recorder: one multi-channel sample (a Frame),
// and the events that explain the stream (gaps, stalls, a closed link...). Both are trivially
// copyable so they travel through the lock-free rings by value.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace holdfast::wire {

inline constexpr std::size_t kMaxChannels = 16;

struct Frame {
  std::uint64_t sequence = 0;     ///< 0, 1, 2... assigned at the driver, in arrival order
  std::int64_t host_time_ns = 0;  ///< steady clock at the read that completed this sample,
                                  ///< relative to the start of acquisition
  double device_time_s = 0.0;     ///< the device's own timestamp, as sent (the arrival time
                                  ///< for devices without a clock)
  double time_s = 0.0;  ///< trial clock: device time, continued across reconnects (the device
                        ///< clock restarts; the host measures the time without a link)
  std::uint32_t channel_count = 0;
  std::array<double, kMaxChannels> values{};  ///< as sent by the device, unmodified
};

enum class EventKind : std::int32_t {
  Gap = 1,  ///< device time jumped by more than 1.5 sample periods; value = missing samples
  TimeReversal = 2,   ///< device time went backwards; value = size of the jump in microseconds
  Stall = 3,          ///< no bytes for longer than the watchdog timeout; value = timeout in ms
  StallEnded = 4,     ///< bytes flow again after a stall; value = silent time in ms
  LinkClosed = 5,     ///< the device closed the link (unplug, end of file)
  LinkError = 6,      ///< a read failed; value = errno-like code
  RingOverflow = 7,   ///< the recorder fell behind; value = frames not recorded
  StopRequested = 8,  ///< the operator (or the duration) ended the trial
  Trigger = 9,        ///< a trigger edge from the device; value = 1 rising, 0 falling
  DeviceError = 10,   ///< the device answered with an error; value = its error code
  Reconnected = 11,   ///< the link is back after a loss; value = time without a link in ms.
                      ///< The samples after it start a new segment: never join across it.
  PollTimeout = 12,   ///< a polled device did not answer in time; value = polls unanswered
};

[[nodiscard]] std::string_view eventKindName(EventKind kind);

struct AcquisitionEvent {
  std::int64_t host_time_ns = 0;
  std::uint64_t sample_index = 0;  ///< sequence number of the next frame at the time of the event
  EventKind kind = EventKind::Gap;
  std::int64_t value = 0;
};

}  // namespace holdfast::wire
