#pragma once
// How a trial's raw channels become its force channels: the calibration of each raw channel
// (stored per device serial, or the default for its unit) and the layout (one force per channel,
// or plates of four cells with their centre of pressure). Resolved when the first sample shows
// the device's channels.

#include <optional>
#include <string>
#include <vector>

#include "holdfast/wire/Calibration.h"
#include "holdfast/wire/ForceLayout.h"

namespace holdfast::recording {

struct RecordingOptions {
  std::string side = "left";  ///< "left", "right" or "both"
  std::size_t plates = 0;     ///< 0: per channel; 1-2: plates of four cells
  double plate_width_mm = 400.0;
  double plate_length_mm = 600.0;
  /// Two plates side by side: the distance between their centres (0: the plate width, plates
  /// touching), stored with the trial so that their COPs combine in one frame.
  double plate_pitch_mm = 0.0;
  std::optional<wire::DeviceCalibration> stored;  ///< from the calibration file, if any
};

struct RecordingPlan {
  std::vector<wire::ChannelCalibration> calibration;  ///< one per raw channel
  wire::ForceLayout layout;
  std::vector<std::string> cop_names;
  std::optional<double> plate_pitch_mm;  ///< two plates
  std::optional<double> plate_width_mm;  ///< plates: each one's outline (x, y)
  std::optional<double> plate_length_mm;
  std::vector<std::string> warnings;  ///< e.g. uncalibrated counts
};

/// Throws std::invalid_argument when the device's channels do not fit the options.
[[nodiscard]] RecordingPlan resolveRecordingPlan(const std::vector<wire::ChannelInfo>& channels,
                                                 const RecordingOptions& options);

/// The calibration as JSON, stored with the trial.
[[nodiscard]] std::string calibrationJson(const RecordingPlan& plan);

}  // namespace holdfast::recording
