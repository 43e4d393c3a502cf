#include "holdfast/recording/ImportedTrial.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::recording {

namespace fs = std::filesystem;

namespace {

std::optional<double> numberIn(const nlohmann::json& j, const char* key) {
  if (j.contains(key) && j[key].is_number()) return j[key].get<double>();
  return std::nullopt;
}

}  // namespace

/// The session a file of Holdfast's own CSV export came from: STEM_trial_NNN.csv has
/// STEM_results.json beside it, whose test, involved side and body mass a plain import of it
/// keeps (so that the import analyses as the original did). Nothing when there is none.
std::optional<ExportedTrial> exportedTrial(const fs::path& source) {
  const std::string name = source.filename().string();
  const auto at = name.rfind("_trial_");
  if (at == std::string::npos || source.extension() != ".csv") return std::nullopt;
  const fs::path results = source.parent_path() / (name.substr(0, at) + "_results.json");
  std::ifstream in(results);
  if (!in) return std::nullopt;
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("session") || !j["session"].is_object()) return std::nullopt;
  const auto& s = j["session"];
  ExportedTrial e;
  ExportedTrial& d = e;
  if (s.contains("test") && s["test"].is_string()) d.test = s["test"].get<std::string>();
  if (s.contains("involved") && s["involved"].is_string())
    d.involved = s["involved"].get<std::string>();
  if (s.contains("body_mass_kg") && s["body_mass_kg"].is_number())
    d.body_mass_kg = s["body_mass_kg"].get<double>();
  // The trial's own conditions (a balance test's eyes and surface), by its number.
  const int number = std::atoi(name.substr(at + 7).c_str());
  if (j.contains("trials") && j["trials"].is_array()) {
    for (const auto& t : j["trials"]) {
      if (!t.is_object() || t.value("trial", 0) != number) continue;
      if (t.contains("condition") && t["condition"].is_string())
        d.condition = t["condition"].get<std::string>();
      if (t.contains("surface") && t["surface"].is_string())
        d.surface = t["surface"].get<std::string>();
    }
  }
  if (j.contains("plates") && j["plates"].is_array()) {
    for (const auto& p : j["plates"]) {
      if (!p.is_object() || p.value("trial", 0) != number) continue;
      e.plate_pitch_mm = numberIn(p, "plate_pitch_mm");
      e.plate_width_mm = numberIn(p, "plate_width_mm");
      e.plate_length_mm = numberIn(p, "plate_length_mm");
    }
  }
  return e;
}

ImportedTrial writeImportedTrial(const fs::path& out, const store::SessionInfo& session,
                                 store::TrialInfo trial, const importers::CsvRecording& rec,
                                 const std::optional<analysis::PlateOutline>& outline) {
  if (rec.time_s.empty()) throw wire::InputError("the recording has no samples");
  store::SessionFileWriter writer(out, session, trial);
  const std::size_t n = rec.time_s.size(), channels = rec.channels.size();
  std::vector<double> values(n * channels);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t c = 0; c < channels; ++c) values[i * channels + c] = rec.channels[c][i];
  }
  // No arrival times exist for an imported file: NaN says "unknown".
  const std::vector<double> host(n, std::numeric_limits<double>::quiet_NaN());
  writer.appendSamples(rec.time_s, host, values, channels);
  if (!rec.cop_mm.empty()) {
    const std::size_t cc = rec.cop_mm.size();
    std::vector<double> cop(n * cc);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t c = 0; c < cc; ++c) cop[i * cc + c] = rec.cop_mm[c][i];
    }
    writer.appendImportedCop(cop, cc);
    trial.cop_names = rec.cop_names;
  }
  trial.channel_names = rec.channel_names;
  trial.source_units = rec.units;
  trial.ap_axis = rec.ap_axis;
  trial.axes_source = rec.axes_source;
  trial.plausibility_flags = rec.plausibility_flags;
  if (outline) {
    trial.plate_width_mm = outline->width_mm;
    trial.plate_length_mm = outline->length_mm;
  }
  trial.ended_utc = store::isoUtcNow();
  trial.stop_reason = "imported";
  const double span = rec.time_s.back() - rec.time_s.front();
  trial.measured_rate_hz = span > 0 ? static_cast<double>(n - 1) / span : 0.0;
  writer.finish(trial, {{"samples", static_cast<std::int64_t>(n)},
                        {"malformed_lines", static_cast<std::int64_t>(rec.skipped_lines.size())}});
  writer.commit();

  return {writer.trialNumber(), trial.measured_rate_hz};
}

}  // namespace holdfast::recording
