#pragma once
// `holdfast calibrate`'s steps on a device's stored calibration (registry::CalibrationStore):
// tare, span (one cell or the cells of a plate), a multipoint point and its fit, the drift check,
// and the calibration as text. The reading comes from readDeviceAverage; the maths is wire's
// (Calibration.h); each step is stamped with CalibrationStore::timestamp().

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/recording/DeviceReading.h"
#include "holdfast/registry/CalibrationStore.h"

namespace holdfast::recording {

/// The stored calibration of `serial` as text: each channel's offset, scale, method and fit,
/// and the points waiting for a fit.
[[nodiscard]] std::string calibrationText(const wire::DeviceCalibration& device);

/// `fit`: a line through channel `channel`'s recorded points, saved. std::runtime_error when
/// the device or enough points are missing; wire::InputError for a channel beyond the device.
[[nodiscard]] std::string fitRecordedPoints(registry::CalibrationStore& store,
                                            const std::string& serial, std::size_t channel);

struct DriftCheck {
  std::string text;  ///< one line per channel, then the conclusion
  bool drifted = false;
};
/// `check`: each channel's unloaded reading against its last tare, within `tolerance_n`.
[[nodiscard]] DriftCheck checkDrift(const wire::DeviceCalibration& device,
                                    const DeviceReading& reading, double tolerance_n);

/// The device's entry for this reading: the stored one, or a fresh one when the channel layout
/// changed (`note` then says so). wire::InputError when a channel of `channels` is beyond it.
[[nodiscard]] wire::DeviceCalibration calibrationFor(const registry::CalibrationStore& store,
                                                     const std::string& serial,
                                                     const std::string& protocol,
                                                     const DeviceReading& reading,
                                                     const std::vector<std::size_t>& channels,
                                                     std::string& note);

enum class CalibrationStep { Tare, Span, Point };

/// Applies `step` with `reading` (`mass_kg` on `channels` for span and point), saves it and
/// returns what was done, reading by reading.
[[nodiscard]] std::string applyCalibrationStep(registry::CalibrationStore& store,
                                               wire::DeviceCalibration device,
                                               CalibrationStep step,
                                               const std::vector<std::size_t>& channels,
                                               const DeviceReading& reading,
                                               std::optional<double> mass_kg, double seconds);

}  // namespace holdfast::recording
