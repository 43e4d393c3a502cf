#include "holdfast/simulator/BaudMismatch.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace holdfast::simulator {

BaudMismatch::BaudMismatch(double receiver_over_device) {
  if (!(receiver_over_device >= 0.05 && receiver_over_device <= 20.0)) {
    throw std::invalid_argument("baud ratio must be between 0.05 and 20");
  }
  bit_ = 1.0 / receiver_over_device;
}

std::string BaudMismatch::receive(std::string_view sent) {
  // The line, one entry per device bit time: idle (1), then 8N1 frames back to back, then idle
  // long enough for the receiver to finish a frame that started late.
  std::vector<std::uint8_t> line{1};
  line.reserve(sent.size() * 10 + 32);
  for (const char ch : sent) {
    const auto byte = static_cast<std::uint8_t>(ch);
    line.push_back(0);
    for (int k = 0; k < 8; ++k) line.push_back((byte >> k) & 1u);
    line.push_back(1);
  }
  line.insert(line.end(), static_cast<std::size_t>(std::ceil(bit_ * 10.0)) + 1, 1);
  const auto at = [&](double t) -> std::uint8_t {
    const auto i = static_cast<std::size_t>(t);
    return i < line.size() ? line[i] : 1;
  };
  std::string out;
  std::size_t i = 1;
  while (i < line.size()) {
    if (!(line[i - 1] == 1 && line[i] == 0)) {  // the receiver waits for a falling edge
      ++i;
      continue;
    }
    const double edge = static_cast<double>(i);
    std::uint8_t byte = 0;
    for (int k = 0; k < 8; ++k) {
      byte |= static_cast<std::uint8_t>(at(edge + bit_ * (1.5 + k)) << k);  // mid-bit samples
    }
    if (at(edge + bit_ * 9.5) == 1) {
      out.push_back(static_cast<char>(byte));
    } else {
      ++framing_errors_;  // no stop bit: the UART discards the byte
    }
    i = std::max<std::size_t>(i + 1, static_cast<std::size_t>(edge + bit_ * 10.0));
  }
  return out;
}

}  // namespace holdfast::simulator
