#pragma once
// Across trials of a session: best of N, mean, within-session CV % (SD / mean x 100).
// Across sessions: change from a baseline session and the minimal detectable change,
// MDC95 = 1.96 x sqrt(2) x SEM (Weir 2005), with SEM given or from SD x sqrt(1 - ICC).

#include <optional>
#include <span>

namespace holdfast::analysis {

struct RepeatedMeasure {
  std::size_t n = 0;
  double best = 0.0;  ///< the highest value
  double mean = 0.0;
  double sd = 0.0;  ///< sample SD (n - 1); 0 for a single value
  double cv_percent = 0.0;
};

/// Throws AnalysisError for an empty span or a non-finite value.
[[nodiscard]] RepeatedMeasure summarizeTrials(std::span<const double> values);

[[nodiscard]] double semFromIcc(double between_subject_sd, double icc);
[[nodiscard]] double mdc95(double sem);

struct SessionChange {
  double baseline = 0.0;
  double current = 0.0;
  double change = 0.0;          ///< current - baseline
  double change_percent = 0.0;  ///< of the baseline
  double mdc95 = 0.0;
  bool exceeds_mdc = false;  ///< |change| > MDC95: a real change with 95 % confidence
};

[[nodiscard]] SessionChange compareSessions(double baseline, double current, double sem);

}  // namespace holdfast::analysis
