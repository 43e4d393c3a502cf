#pragma once
// Calibrations kept per device serial number in one JSON file, by default calibration.json in
// the data folder (beside the registry and the sessions: one folder to back up and to move to
// a new workstation), written atomically (temporary file, fsync, rename) with mode 0600. Also holds
// the points of a multipoint calibration in progress. Layout: docs/calibration.md.

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

  /// The time a calibration step is stamped with: now, UTC, ISO 8601.
  [[nodiscard]] static std::string timestamp();
  /// `data_folder`/calibration.json
  [[nodiscard]] static std::filesystem::path fileIn(const std::filesystem::path& data_folder);
  /// Where Holdfast kept calibrations before they moved into the data folder:
  /// $XDG_CONFIG_HOME/holdfast/calibration.json, else ~/.config/holdfast/calibration.json.
  [[nodiscard]] static std::filesystem::path legacyPath();
  /// Moves calibrations kept in the old place into `data_folder`, once: when the data folder has
  /// none and the old file is a readable calibration file, it is copied (atomically, 0600) and
  /// the old file renamed calibration.json.moved-to-data-folder (kept, never deleted, and never
  /// read again). Returns what was done, for the user; "" when there was nothing to move.
  /// Throws store::StoreError when the old file cannot be read or the copy cannot be written
  /// (nothing is renamed then).
  static std::string moveLegacyInto(const std::filesystem::path& data_folder);
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
