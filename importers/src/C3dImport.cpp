#include "holdfast/importers/C3dImport.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "holdfast/c3d/C3dReader.h"
#include "holdfast/c3d/ForcePlatforms.h"
#include "holdfast/importers/ImportError.h"
#include "holdfast/wire/UnknownName.h"
#include "holdfast/wire/Units.h"

namespace holdfast::importers {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Holdfast's own export states the force's decimals (HOLDFAST:FORCE_DECIMALS); integer data
/// have the quantum of their scale; floats keep 0.001 N (below that, float32 rounding).
int forceDecimals(const c3d::C3dFile& file, int channel) {
  if (const auto d = file.numbers("HOLDFAST", "FORCE_DECIMALS"); d.size() == 1)
    return std::clamp(static_cast<int>(d[0]), 0, 6);
  if (!file.integer_data) return 3;
  const auto scale = file.numbers("ANALOG", "SCALE");
  const double gen = file.number("ANALOG", "GEN_SCALE", 1.0);
  const double q = std::abs(
      (channel >= 0 && static_cast<std::size_t>(channel) < scale.size() ? scale[channel] : 1.0) * gen);
  int decimals = 0;
  while (decimals < 6 && std::abs(q * std::pow(10.0, decimals) - std::round(q * std::pow(10.0, decimals))) > 1e-9)
    ++decimals;
  return decimals;
}

void timeFrom(const c3d::C3dFile& file, CsvRecording& rec, std::size_t n) {
  const double rate = file.analogRateHz();
  rec.time_s.resize(n);
  for (std::size_t i = 0; i < n; ++i) rec.time_s[i] = static_cast<double>(i) / rate;
  rec.time_source = "ANALOG:RATE " + std::to_string(static_cast<long long>(std::llround(rate))) +
                    " Hz (" + std::to_string(file.analog_per_frame) + " samples per frame at " +
                    std::to_string(file.frame_rate_hz).substr(0, 6) + " Hz)";
  rec.rows_read = n;
}

/// Which plates play which side: (side, 0-based plate index).
std::vector<std::pair<std::string, std::size_t>> platesBySide(
    const std::vector<std::pair<std::string, std::string>>& columns, std::size_t plates) {
  std::vector<std::pair<std::string, std::size_t>> chosen;
  for (const auto& [role, value] : columns) {
    if (role != "left" && role != "right" && role != "force")
      throw ImportError("--columns " + role + "=" + value +
                        ": a C3D file's plates are chosen as left=N, right=N or force=N");
    char* end = nullptr;
    const long n = std::strtol(value.c_str(), &end, 10);
    if (end == value.c_str() || *end != '\0' || n < 1 || static_cast<std::size_t>(n) > plates)
      throw ImportError("--columns " + role + "=" + value + ": the file has force plates 1 to " +
                        std::to_string(plates));
    chosen.emplace_back(role, static_cast<std::size_t>(n - 1));
  }
  if (!chosen.empty()) return chosen;
  if (plates == 1) return {{"force", 0}};
  if (plates == 2) return {{"left", 0}, {"right", 1}};
  throw ImportError(std::to_string(plates) +
                    " force plates: say which are left and right (--columns left=1,right=2)");
}

CsvRecording fromPlates(const c3d::C3dFile& file, const PlateImportOptions& options) {
  const std::vector<c3d::ForcePlatform> plates = c3d::forcePlatforms(file, options.min_cop_load_n);
  CsvRecording rec;
  if (options.ap_axis == 'z')
    throw ImportError("--ap-axis z: the plate frame's horizontal axes are x and y");
  const bool swap = options.ap_axis == 'x';
  const auto chosen = platesBySide(options.columns, plates.size());
  const std::size_t n = plates.front().force_n[2].size();
  timeFrom(file, rec, n);
  std::optional<std::pair<double, double>> size;
  for (const auto& [side, k] : chosen) {
    const c3d::ForcePlatform& p = plates[k];
    // Plates state either the force on them or its reaction (vendors differ; Qualisys' AMTI
    // plates give the load negative, Kistler's positive). Holdfast keeps the load positive:
    // the sign of the largest vertical force decides, and the trial says when it was turned.
    std::vector<double> fz = p.force_n[2];
    double largest = 0.0;
    for (double v : fz)
      if (std::abs(v) > std::abs(largest)) largest = v;
    if (largest < 0) {
      for (double& v : fz) v = -v;
      rec.notes.push_back("plate " + std::to_string(p.number) +
                          " gives its load as a negative vertical force: its sign is turned");
    }
    rec.channels.push_back(std::move(fz));
    rec.channel_names.push_back("plate " + std::to_string(p.number) + " Fz");
    rec.channel_sides.push_back(side);
    const std::string prefix = side == "force" ? "" : side + "_";
    rec.cop_mm.push_back(swap ? p.cop_mm[1] : p.cop_mm[0]);
    rec.cop_names.push_back(prefix + "cop_x_mm");
    rec.cop_mm.push_back(swap ? p.cop_mm[0] : p.cop_mm[1]);
    rec.cop_names.push_back(prefix + "cop_y_mm");
    for (const std::string& u : p.units)
      rec.units.push_back(side + " (plate " + std::to_string(p.number) + ") " + u);
    rec.notes.push_back("plate " + std::to_string(p.number) + " (type " + std::to_string(p.type) +
                        ", channels " + [&] {
                          std::string s;
                          for (const auto& l : p.channel_labels) s += (s.empty() ? "" : " ") + l;
                          return s;
                        }() +
                        ") is " + side + ": its vertical force, and its centre of pressure" +
                        (p.type == 1 ? " as given" : " from its forces and moments") +
                        " about the surface centre; its horizontal forces and moments are not kept");
    const auto edge = [&](int a, int b) {
      double s = 0;
      for (int i = 0; i < 3; ++i) s += std::pow(p.corners_mm[a][i] - p.corners_mm[b][i], 2);
      return std::sqrt(s);
    };
    const double along_x = edge(0, 1), along_y = edge(0, 3);
    if (along_x > 0 && along_y > 0)
      size = swap ? std::pair{along_y, along_x} : std::pair{along_x, along_y};
  }
  const bool nominal = file.number("HOLDFAST", "CORNERS_NOMINAL", 0) != 0;
  if (size && !nominal) {
    rec.outline_mm = size;
    rec.notes.push_back("plate outline from FORCE_PLATFORM:CORNERS");
  }
  if (chosen.size() == 2) {  // the distance between the two plates' centres
    const auto a = plates[chosen[0].second].centreMm(), b = plates[chosen[1].second].centreMm();
    const double pitch = std::sqrt(std::pow(a[0] - b[0], 2) + std::pow(a[1] - b[1], 2) +
                                   std::pow(a[2] - b[2], 2));
    if (pitch > 0.5) rec.plate_pitch_mm = pitch;  // else both COPs are in one frame already
  }
  if (options.ap_axis) {
    rec.ap_axis = std::string(1, options.ap_axis);
    rec.axes_source = std::string("declared (--ap-axis ") + options.ap_axis + ")";
  } else if (const auto ap = file.strings("HOLDFAST", "AP_AXIS"); !ap.empty()) {
    rec.ap_axis = ap[0];
    rec.axes_source = "Holdfast's C3D export (HOLDFAST:AP_AXIS)";
  }
  // The vertical force's channel (type 3: the first of its four).
  const c3d::ForcePlatform& first = plates[chosen.front().second];
  rec.force_decimals = forceDecimals(file, first.channels.at(first.type == 3 ? 4 : 2));
  return rec;
}

CsvRecording fromAnalog(const c3d::C3dFile& file, const PlateImportOptions& options) {
  std::vector<std::string> labels = file.strings("ANALOG", "LABELS");
  labels.resize(file.analog.size());
  for (std::size_t c = 0; c < labels.size(); ++c)
    if (labels[c].empty()) labels[c] = "channel " + std::to_string(c + 1);
  std::vector<std::string> units = file.strings("ANALOG", "UNITS");
  units.resize(file.analog.size());
  CsvRecording rec;
  timeFrom(file, rec, file.analog.empty() ? 0 : file.analog[0].size());
  std::vector<std::pair<std::string, std::size_t>> chosen;
  for (const auto& [role, label] : options.columns) {
    if (role != "left" && role != "right" && role != "force")
      throw ImportError("--columns " + role + "=" + label +
                        ": a C3D file's analog channels are chosen as left=, right= or force=LABEL");
    const auto it = std::find(labels.begin(), labels.end(), label);
    if (it == labels.end())
      throw ImportError(wire::unknownNameMessage("analog channel", label, labels));
    chosen.emplace_back(role, static_cast<std::size_t>(it - labels.begin()));
  }
  if (chosen.empty()) {
    std::vector<std::size_t> forces;
    for (std::size_t c = 0; c < labels.size(); ++c) {
      const auto u = wire::parseUnit(units[c]);
      if (u && u->quantity == wire::Quantity::Force) forces.push_back(c);
    }
    for (std::size_t c : forces) {
      const std::string l = lower(labels[c]);
      if (l.rfind("left", 0) == 0) chosen.emplace_back("left", c);
      if (l.rfind("right", 0) == 0) chosen.emplace_back("right", c);
    }
    if (chosen.empty() && forces.size() == 1) chosen.emplace_back("force", forces[0]);
    if (chosen.empty()) {
      std::string list;
      for (std::size_t c : forces) list += (list.empty() ? "" : ", ") + labels[c];
      throw ImportError(
          forces.empty()
              ? "no force platform and no analog channel in a unit of force (ANALOG:UNITS): "
                "name the force channel (--columns force=LABEL)"
              : std::to_string(forces.size()) + " analog channels in a unit of force (" + list +
                    "): say which (--columns left=LABEL,right=LABEL or force=LABEL)");
    }
  }
  for (const auto& [side, c] : chosen) {
    const auto u = units[c].empty() ? wire::parseUnit("N") : wire::parseUnit(units[c]);
    if (!u || u->quantity != wire::Quantity::Force)
      throw ImportError("analog channel " + labels[c] + " is in '" + units[c] +
                        "', not a unit of force (" + wire::unitsOf(wire::Quantity::Force) + ")");
    std::vector<double> v = file.analog[c];
    for (double& x : v) x *= u->to_stored;
    rec.channels.push_back(std::move(v));
    rec.channel_names.push_back(labels[c]);
    rec.channel_sides.push_back(side);
    rec.units.push_back(side + " '" + labels[c] + "': " + u->symbol +
                        (units[c].empty() ? " (assumed: ANALOG:UNITS does not say)" : " (ANALOG:UNITS)"));
  }
  rec.force_decimals = forceDecimals(file, static_cast<int>(chosen.front().second));
  return rec;
}

}  // namespace

bool looksLikeC3d(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 1024 && bytes[1] == 0x50 && bytes[0] >= 2;
}

CsvRecording importC3d(std::span<const std::uint8_t> bytes, const PlateImportOptions& options) {
  if (options.rate_hz)
    throw ImportError("--rate: a C3D file states its rate (ANALOG:RATE)");
  if (!options.units.empty())
    throw ImportError("--units: a C3D file states its units (ANALOG:UNITS, POINT:UNITS)");
  try {
    const c3d::C3dFile file = c3d::readC3d(bytes);
    if (file.analog.empty() || file.frames == 0)
      throw ImportError("the file holds no analog samples");
    CsvRecording rec = file.number("FORCE_PLATFORM", "USED", 0) > 0
                           ? fromPlates(file, options)
                           : fromAnalog(file, options);
    rec.notes.insert(rec.notes.begin(),
                     std::string("C3D, ") + c3d::processorName(file.processor) + " " +
                         (file.integer_data ? "16-bit integer" : "float") + " data, " +
                         std::to_string(file.frames) + " frames");
    return rec;
  } catch (const c3d::C3dError& e) {
    throw ImportError(e.what());
  }
}

}  // namespace holdfast::importers
