#pragma once
// Calibrations kept per device serial number in one JSON file (by default
// $XDG_CONFIG_HOME/holdfast/calibration.json, else ~/.config/holdfast/calibration.json),
// written atomically (temporary file, fsync, rename) with mode 0600. Also holds the points of a
// multipoint calibration in progress. Layout: docs/calibration.md.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/wire/Calibration.h"

namespace holdfast::registry {

/// The calibration a trial was recorded with, as JSON: {"channels": [...], "layout": ...}, the
/// channels in the same form as in the calibration file (docs/hdf5-schema.md).
[[nodiscard]] std::string calibrationRecordJson(
    const std::vector<wire::ChannelCalibration>& channels, const std::string& layout);

class CalibrationStore {
 public:
  /// Reads `path` if it exists. Throws store::StoreError for an unreadable or malformed file (it is
  /// never overwritten in that case).
  explicit CalibrationStore(std::filesystem::path path);

  [[nodiscard]] static std::filesystem::path defaultPath();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  [[nodiscard]] std::optional<wire::DeviceCalibration> find(const std::string& serial) const;
  void put(const wire::DeviceCalibration& device);
  /// Writes the file atomically. Throws store::StoreError.
  void save() const;

 private:
  std::filesystem::path path_;
  std::map<std::string, wire::DeviceCalibration> devices_;
};

}  // namespace holdfast::registry
