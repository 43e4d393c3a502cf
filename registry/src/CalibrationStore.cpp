#include "holdfast/registry/CalibrationStore.h"
#include "holdfast/registry/DataFolder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include <sstream>
#include "holdfast/store/IsoTime.h"

#include "holdfast/store/AtomicFile.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::registry {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// One channel, in the file and in every trial alike (ordered: the formula reads first).
nlohmann::ordered_json toJson(const wire::ChannelCalibration& c) {
  nlohmann::ordered_json points = nlohmann::ordered_json::array();
  for (const auto& p : c.points) points.push_back({p.raw, p.newtons});
  return {{"channel", c.channel},
          {"raw_unit", c.raw_unit},
          {"formula", "newtons = (raw - offset) * scale_n_per_unit"},
          {"offset", c.offset},
          {"scale_n_per_unit", c.scale},
          {"method", c.method},
          {"tared_utc", c.tared_utc},
          {"calibrated_utc", c.calibrated_utc},
          {"points", points},
          {"r_squared", c.r_squared},
          {"max_residual_n", c.max_residual_n}};
}

wire::ChannelCalibration channelFromJson(const json& j) {
  wire::ChannelCalibration c;
  c.channel = j.at("channel").get<std::string>();
  c.raw_unit = j.at("raw_unit").get<std::string>();
  c.offset = j.at("offset").get<double>();
  c.scale = j.at("scale_n_per_unit").get<double>();
  c.method = j.at("method").get<std::string>();
  c.tared_utc = j.value("tared_utc", "");
  c.calibrated_utc = j.value("calibrated_utc", "");
  for (const auto& p : j.value("points", json::array())) {
    c.points.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
  }
  c.r_squared = j.value("r_squared", 1.0);
  c.max_residual_n = j.value("max_residual_n", 0.0);
  if (!std::isfinite(c.offset) || !std::isfinite(c.scale) || c.scale == 0.0) {
    throw std::invalid_argument("offset and scale must be finite, scale non-zero");
  }
  return c;
}

}  // namespace

std::string calibrationRecordJson(const std::vector<wire::ChannelCalibration>& channels,
                                  const std::string& layout) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& c : channels) list.push_back(toJson(c));
  return nlohmann::ordered_json{{"channels", list}, {"layout", layout}}.dump();
}

CalibrationStore::CalibrationStore(fs::path path) : path_(std::move(path)) {
  std::error_code ec;
  if (!fs::exists(path_, ec)) return;
  std::ifstream in(path_);
  if (!in) throw store::StoreError("cannot read the calibration file " + path_.string());
  try {
    const json root = json::parse(in);
    if (root.value("format", "") != "holdfast-calibration" || root.value("version", 0) != 1) {
      throw std::invalid_argument("not a version 1 holdfast-calibration file");
    }
    for (const auto& [serial, d] : root.at("devices").items()) {
      wire::DeviceCalibration device;
      device.device_serial = serial;
      device.protocol = d.value("protocol", "");
      for (const auto& c : d.at("channels")) device.channels.push_back(channelFromJson(c));
      const json pending = d.value("pending_points", json::object());  // items() needs an lvalue
      for (const auto& [index, pts] : pending.items()) {
        auto& v = device.pending_points[static_cast<std::size_t>(std::stoul(index))];
        for (const auto& p : pts) v.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
      }
      devices_[serial] = std::move(device);
    }
  } catch (const std::exception& e) {
    throw store::StoreError("the calibration file " + path_.string() + " is damaged (" + e.what() +
                            "); it was left as it is");
  }
}

std::string CalibrationStore::timestamp() { return store::isoUtcNow(); }

fs::path CalibrationStore::fileIn(const fs::path& data_folder) {
  return data_folder / "calibration.json";
}

std::string CalibrationStore::moveLegacyInto(const fs::path& data_folder) {
  const fs::path old = legacyPath(), now = fileIn(data_folder);
  std::error_code ec;
  if (fs::exists(now, ec) || !fs::is_regular_file(old, ec)) return "";
  (void)CalibrationStore(old);  // a malformed file is an error, not silently moved
  std::ifstream in(old, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) throw store::StoreError("cannot read the calibration file " + old.string());
  ensureDataFolder(data_folder);
  store::writeFileAtomically(now, bytes.str());
  fs::path kept = old;
  kept += ".moved-to-data-folder";
  fs::rename(old, kept, ec);
  if (ec) {
    return "calibrations copied from " + old.string() + " to " + now.string() +
           " (the old file could not be renamed: " + ec.message() + "; it is no longer read)";
  }
  return "calibrations moved from " + old.string() + " to " + now.string() +
         " (the old file is kept as " + kept.string() + ")";
}

fs::path CalibrationStore::legacyPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return fs::path(xdg) / "holdfast" / "calibration.json";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".config" / "holdfast" / "calibration.json";
}

std::optional<wire::DeviceCalibration> CalibrationStore::find(const std::string& serial) const {
  const auto it = devices_.find(serial);
  if (it == devices_.end()) return std::nullopt;
  return it->second;
}

void CalibrationStore::put(const wire::DeviceCalibration& device) {
  devices_[device.device_serial] = device;
}

void CalibrationStore::save() const {
  nlohmann::ordered_json root = {{"format", "holdfast-calibration"},
                                 {"version", 1},
                                 {"devices", nlohmann::ordered_json::object()}};
  for (const auto& [serial, d] : devices_) {
    nlohmann::ordered_json channels = nlohmann::ordered_json::array();
    for (const auto& c : d.channels) channels.push_back(toJson(c));
    nlohmann::ordered_json pending = nlohmann::ordered_json::object();
    for (const auto& [index, pts] : d.pending_points) {
      nlohmann::ordered_json v = nlohmann::ordered_json::array();
      for (const auto& p : pts) v.push_back({p.raw, p.newtons});
      pending[std::to_string(index)] = v;
    }
    root["devices"][serial] = {
        {"protocol", d.protocol}, {"channels", channels}, {"pending_points", pending}};
  }
  std::error_code ec;
  fs::create_directories(path_.parent_path(), ec);
  if (ec)
    throw store::StoreError("cannot create " + path_.parent_path().string() + ": " + ec.message());
  store::writeFileAtomically(path_, root.dump(2) + "\n");
}

}  // namespace holdfast::registry
