#pragma once
// A Bluetooth LE notification log: one line per notification (or write), as BLE sniffers and
// nRF Connect give them once trimmed:
//   SECONDS UUID HEXBYTES
//   0.0125 7e4e1702-1ea6-40c9-9dcc-13d34ffead57 01 10 cd cc 8c 3f 10 27 00 00 ...
// SECONDS is the arrival time (any origin, never decreasing); UUID the characteristic, in full
// or as a 16-bit short form; HEXBYTES the value, as pairs of hex digits that may be split by
// spaces, '-' or ':' and may start with 0x. '#' starts a comment; blank lines are skipped. Both
// a test fixture and a user's capture: `holdfast import FILE --format ble-log` reads it through
// the same decoders as a live device. Pure: text in, notifications out.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace holdfast::wire {

struct BleNotification {
  double time_s = 0.0;
  std::string uuid;      ///< canonical: lower case, 36 characters
  std::string value;     ///< the bytes
  std::size_t line = 0;  ///< 1-based, in the log
};

/// Throws InputError naming the line at fault (a bad time, UUID or hex byte, time going back).
[[nodiscard]] std::vector<BleNotification> parseBleNotificationLog(std::string_view text);

/// One line of the log for `n` (lower-case hex bytes apart by spaces): the writer of fixtures
/// and of the simulator's captures.
[[nodiscard]] std::string formatBleNotification(const BleNotification& n);

}  // namespace holdfast::wire
