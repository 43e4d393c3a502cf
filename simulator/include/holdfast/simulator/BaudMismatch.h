#pragma once
// What a UART set to the wrong speed receives, for the simulator's "baud" fault: the device's
// bytes become a line signal at its rate (start bit 0, eight data bits LSB first, stop bit 1,
// 8N1), and a receiver at `receiver_baud / device_baud` times that rate samples it: it waits for
// a falling edge, samples each data bit in the middle of its own bit time, and drops the byte
// when the stop bit is not 1 (a framing error). At a ratio of 1 the bytes pass unchanged.
// Pure code.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace holdfast::simulator {

class BaudMismatch {
 public:
  /// Throws std::invalid_argument unless 0.05 <= ratio <= 20.
  explicit BaudMismatch(double receiver_over_device);

  /// The bytes the receiver gets for `sent` (the line idles between calls).
  [[nodiscard]] std::string receive(std::string_view sent);
  [[nodiscard]] std::uint64_t framingErrors() const { return framing_errors_; }

 private:
  double bit_;  ///< one receiver bit in device bit times
  std::uint64_t framing_errors_ = 0;
};

}  // namespace holdfast::simulator
