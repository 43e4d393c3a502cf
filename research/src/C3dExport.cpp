#include "holdfast/research/C3dExport.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "ExportFiles.h"
#include "holdfast/c3d/C3dWriter.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::research {

namespace fs = std::filesystem;

namespace {

constexpr double kNominalWidthMm = 400.0, kNominalLengthMm = 600.0;

std::string sideOf(const store::TrialRecord& t, std::size_t c) {
  return results::channelSide(t.info, c, t.channels.size());
}

/// A plate's corners in the user guide's order, so that X (corner 2 to 1) is the lab's +x and
/// Y (corner 4 to 1) its +y: (+w/2, +l/2), (-w/2, +l/2), (-w/2, -l/2), (+w/2, -l/2), about x0.
std::vector<double> corners(double x0, double w, double l) {
  return {x0 + w / 2, l / 2, 0, x0 - w / 2, l / 2, 0, x0 - w / 2, -l / 2, 0, x0 + w / 2, -l / 2, 0};
}

}  // namespace

c3d::C3dFile trialAsC3d(const store::SessionRecord& session, const store::TrialRecord& t) {
  const store::TrialInfo& info = t.info;
  const std::string which = "trial " + std::to_string(info.number);
  if (t.time_s.empty() || t.channels.empty()) throw wire::InputError(which + " has no samples");
  if (!(info.measured_rate_hz > 0)) throw wire::InputError(which + " has no sample rate");
  c3d::C3dFile f;
  f.frame_rate_hz = info.measured_rate_hz;
  f.analog_per_frame = 1;
  std::vector<std::string> labels, descriptions, units;
  const std::size_t plates = t.cop_mm.size() / 2;
  const std::size_t n = t.time_s.size();
  if (plates > 0 && plates <= t.channels.size()) {
    const bool known = info.plate_width_mm && info.plate_length_mm;
    const double w = info.plate_width_mm.value_or(kNominalWidthMm);
    const double l = info.plate_length_mm.value_or(kNominalLengthMm);
    // Without a pitch the plates' COPs are in one frame already (a lab export's): the plates
    // are then written at one place, and the import gives no pitch back either.
    const double pitch = info.plate_pitch_mm.value_or(0.0);
    std::vector<double> corner_values, channel, types;
    for (std::size_t p = 0; p < plates; ++p) {
      const std::string k = std::to_string(p + 1), side = sideOf(t, p);
      const std::vector<double> zero(n, 0.0);
      std::vector<double> px = t.cop_mm[2 * p], py = t.cop_mm[2 * p + 1];
      for (double& v : px) v = std::isfinite(v) ? v : 0.0;
      for (double& v : py) v = std::isfinite(v) ? v : 0.0;
      const std::size_t first = f.analog.size();
      for (const std::vector<double>* column :
           std::initializer_list<const std::vector<double>*>{&zero, &zero, &t.channels[p], &px, &py, &zero})
        f.analog.push_back(*column);
      labels.insert(labels.end(), {"Fx" + k, "Fy" + k, "Fz" + k, "Px" + k, "Py" + k, "Tz" + k});
      descriptions.insert(descriptions.end(),
                          {side + " plate Fx: not measured (vertical-load plate), 0",
                           side + " plate Fy: not measured (vertical-load plate), 0",
                           side + " plate vertical force", side + " plate COP x (medio-lateral)",
                           side + " plate COP y (antero-posterior)",
                           side + " plate Tz: not measured, 0"});
      units.insert(units.end(), {"N", "N", "N", "mm", "mm", "Nmm"});
      for (std::size_t j = 0; j < 6; ++j) channel.push_back(static_cast<double>(first + j + 1));
      const double x0 = plates > 1 ? (static_cast<double>(p) - 0.5 * static_cast<double>(plates - 1)) * pitch : 0.0;
      const auto c = corners(x0, w, l);
      corner_values.insert(corner_values.end(), c.begin(), c.end());
      types.push_back(1);
    }
    const int np = static_cast<int>(plates);
    f.set(c3d::integers("FORCE_PLATFORM", "USED", {}, {static_cast<double>(plates)}));
    f.set(c3d::integers("FORCE_PLATFORM", "TYPE", {np}, types));
    f.set(c3d::integers("FORCE_PLATFORM", "ZERO", {2}, {0, 0}));
    f.set(c3d::floats("FORCE_PLATFORM", "CORNERS", {3, 4, np}, corner_values));
    f.set(c3d::floats("FORCE_PLATFORM", "ORIGIN", {3, np}, std::vector<double>(3 * plates, 0.0)));
    f.set(c3d::integers("FORCE_PLATFORM", "CHANNEL", {6, np}, channel));
    f.set(c3d::integers("HOLDFAST", "CORNERS_NOMINAL", {}, {known ? 0.0 : 1.0},
                        "1: the plates' outline was not known and CORNERS are 400 x 600 mm"));
    if (!info.ap_axis.empty()) f.set(c3d::text("HOLDFAST", "AP_AXIS", {"y"}, "the plate frame's AP axis"));
  } else {
    for (std::size_t c = 0; c < t.channels.size(); ++c) {
      const std::string side = sideOf(t, c);
      f.analog.push_back(t.channels[c]);
      labels.push_back(side == "left" || side == "right" ? side : info.channel_names.at(c));
      descriptions.push_back(info.channel_names.at(c) + " (" + side + "), force");
      units.push_back(info.unit);
    }
    f.set(c3d::integers("FORCE_PLATFORM", "USED", {}, {0}));
  }
  f.set(c3d::text("ANALOG", "LABELS", labels));
  f.set(c3d::text("ANALOG", "DESCRIPTIONS", descriptions));
  f.set(c3d::text("ANALOG", "UNITS", units));
  f.set(c3d::text("POINT", "UNITS", {"mm"}));
  const int decimals = static_cast<int>(std::lround(-std::log10(std::max(1e-6, info.force_resolution_n))));
  f.set(c3d::integers("HOLDFAST", "FORCE_DECIMALS", {}, {static_cast<double>(decimals)},
                      "the force's decimals as recorded"));
  f.set(c3d::integers("HOLDFAST", "TRIAL", {}, {static_cast<double>(info.number)}));
  f.set(c3d::text("HOLDFAST", "TEST", {session.info.test}));
  f.set(c3d::text("HOLDFAST", "SIDE", {info.side.empty() ? "unspecified" : info.side}));
  f.set(c3d::text("HOLDFAST", "SOFTWARE", {"Holdfast " HOLDFAST_VERSION}));
  return f;
}

ExportSummary exportC3d(const std::vector<fs::path>& files, const fs::path& dir,
                        const ExportAnalysis& how) {
  requireWritableFolder(dir);
  ExportSummary summary;
  std::set<std::string> names;
  for (const fs::path& file : files) {
    try {
      const store::SessionRecord record = store::readSessionFile(file);
      const std::string stem = exportStem(file, record.info.patient_id);
      for (const store::TrialRecord& t : record.trials) {
        char name[32];
        std::snprintf(name, sizeof name, "_trial_%03d.c3d", t.info.number);
        const std::vector<std::uint8_t> bytes = c3d::writeC3d(trialAsC3d(record, t));
        writeNew(dir, stem + name, std::string(bytes.begin(), bytes.end()), names);
        ++summary.files;
      }
      ++summary.sessions;
    } catch (const std::exception& e) {
      summary.problems.push_back(file.string() + ": " + e.what());
    }
    if (how.advance) how.advance();
  }
  return summary;
}

}  // namespace holdfast::research
