#pragma once
// The Tindeq Progressor's data characteristic (7e4e1702-...), as its public API describes it
// (tindeq.com/progressor_api; open clones such as Crimpdeq speak the same): each notification
// holds tag-length-value records, little-endian, one byte of tag and one of length:
//   tag 0  the reply to the last command (firmware version as text, battery as uint32 mV, ...)
//   tag 1  weight samples: repeated pairs of float32 kilograms and uint32 microseconds of the
//          device's own clock (about 80 Hz, several pairs per notification)
//   tag 2, 3  peak-RFD results of the device's own RFD modes (not used: counted as replies)
//   tag 4  low-battery warning (a DeviceError marker, value 4)
// One feed() is one notification, as the Bluetooth transport and a notification log deliver
// them: a record that runs past the notification's end is malformed, and the rest of that
// notification is dropped (a notification cannot be resynchronised inside). The device clock
// is 32 bits of microseconds and wraps after 71.6 minutes: it is unwrapped here, so device
// time keeps increasing. Kilograms become newtons in the calibration (unit "kg": g = 9.80665).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

/// The Progressor's commands (its control characteristic, 7e4e1703-...).
enum class ProgressorCommand : std::uint8_t {
  Tare = 0x64,
  StartWeight = 0x65,
  Stop = 0x66,
  FirmwareVersion = 0x6B,
  BatteryVoltage = 0x6F,
};

/// The bytes written to the control characteristic: the command's tag and a length of 0.
[[nodiscard]] std::string progressorCommandBytes(ProgressorCommand command);
struct ProgressorSample {
  float kg = 0.0F;
  std::uint32_t us = 0;
};
/// A tag-1 record of up to 31 samples (its length is one byte), as the device notifies them:
/// what the simulator plays and the tests feed. Throws std::invalid_argument beyond 31.
[[nodiscard]] std::string progressorWeightRecord(std::span<const ProgressorSample> samples);
/// A tag-0 record carrying `reply` (at most 255 bytes).
[[nodiscard]] std::string progressorReplyRecord(std::string_view reply);
/// A tag-0 reply to BatteryVoltage: its uint32 millivolts; nullopt when it is not 4 bytes.
[[nodiscard]] std::optional<std::uint32_t> progressorBatteryMillivolts(std::string_view reply);
/// A tag-0 reply to FirmwareVersion: its printable text (trailing NULs dropped); "" if none.
[[nodiscard]] std::string progressorFirmware(std::string_view reply);

class TindeqProgressorParser final : public StreamParser {
 public:
  void feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) override;
  void finish() override {}
  void resetStream() override { clock_known_ = false; }
  [[nodiscard]] std::vector<ChannelInfo> channels() const override {
    return {ChannelInfo{"force", "kg", true}};
  }
  [[nodiscard]] bool hasDeviceClock() const override { return true; }
  /// Tag-4 records seen (tag-0 replies go to ParseOutput::replies, in the order they came: the
  /// caller knows which command each answers).
  [[nodiscard]] std::uint64_t lowBatteryWarnings() const { return low_battery_; }

 private:
  bool clock_known_ = false;
  std::uint32_t last_us_ = 0;
  std::uint64_t wraps_ = 0;
  std::uint64_t low_battery_ = 0;
};

}  // namespace holdfast::wire
