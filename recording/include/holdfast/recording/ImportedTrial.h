#pragma once
// The writing side of `holdfast import`: a recording read by the importers stored as one trial
// of a session file (samples, COP, units, axes, flags, outline; no arrival times, NaN), and what
// Holdfast's own CSV export says of the session a file of it came from (its results file beside
// it), so that a plain import analyses as the original did.

#include <filesystem>
#include <optional>
#include <string>

#include "holdfast/analysis/Plausibility.h"
#include "holdfast/importers/CsvRecording.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::recording {

/// What Holdfast's own export says of the session and the trial a file of it came from.
struct ExportedTrial {
  std::string test;
  std::string involved;
  std::optional<double> body_mass_kg;
  std::string condition;  ///< a balance trial's eyes and surface
  std::string surface;
  /// The plates' geometry (the results file's "plates"): the CSV holds two plates' COP in one
  /// frame, the left centre at -pitch/2 and the right at +pitch/2.
  std::optional<double> plate_pitch_mm, plate_width_mm, plate_length_mm;
};

/// STEM_trial_NNN.csv of Holdfast's export with STEM_results.json beside it: that session's
/// test, involved side, body mass, this trial's condition and plates. Nothing otherwise.
[[nodiscard]] std::optional<ExportedTrial> exportedTrial(const std::filesystem::path& source);

struct ImportedTrial {
  int number = 0;  ///< the trial's number in the session
  double measured_rate_hz = 0.0;
};

/// Writes `rec` as a new trial of `out` (created with `session`, or appended to) through the
/// session's lock and a temporary file. Throws StoreError, or wire::InputError for an empty
/// recording.
ImportedTrial writeImportedTrial(const std::filesystem::path& out,
                                 const store::SessionInfo& session, store::TrialInfo trial,
                                 const importers::CsvRecording& rec,
                                 const std::optional<analysis::PlateOutline>& outline);

}  // namespace holdfast::recording
