#pragma once
// A short reading of a device at rest or under a known load, averaged per channel: what
// `holdfast calibrate` (tare, span, point, check) measures. The engine runs without reconnects
// for `seconds`, or until the link ends or `stop_requested` says so.

#include <cstdint>
#include <functional>
#include <vector>

#include "holdfast/daq/AcquisitionEngine.h"

namespace holdfast::recording {

struct DeviceReading {
  std::vector<wire::ChannelInfo> channels;
  std::vector<double> mean, sd;  ///< per channel, in the device's raw unit
  std::uint64_t samples = 0;
};

/// Throws std::runtime_error when fewer than 10 samples arrived (wrong protocol or baud).
[[nodiscard]] DeviceReading readDeviceAverage(daq::AcquisitionConfig config, double seconds,
                                              const std::function<bool()>& stop_requested);

}  // namespace holdfast::recording
