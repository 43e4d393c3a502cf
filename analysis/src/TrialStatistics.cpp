#include "holdfast/analysis/TrialStatistics.h"

#include <algorithm>
#include <cmath>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

RepeatedMeasure summarizeTrials(std::span<const double> values) {
  if (values.empty()) throw AnalysisError("no trials to summarise");
  RepeatedMeasure r;
  r.n = values.size();
  double sum = 0.0;
  for (double v : values) {
    if (!std::isfinite(v)) throw AnalysisError("a trial value is not a finite number");
    sum += v;
  }
  r.best = *std::max_element(values.begin(), values.end());
  r.mean = sum / static_cast<double>(r.n);
  if (r.n > 1) {
    double ss = 0.0;
    for (double v : values) ss += (v - r.mean) * (v - r.mean);
    r.sd = std::sqrt(ss / static_cast<double>(r.n - 1));
  }
  r.cv_percent = r.mean != 0.0 ? r.sd / std::abs(r.mean) * 100.0 : 0.0;
  return r;
}

double semFromIcc(double sd, double icc) {
  if (!(sd >= 0.0) || !(icc >= 0.0 && icc <= 1.0))
    throw AnalysisError("SEM needs SD >= 0 and 0 <= ICC <= 1");
  return sd * std::sqrt(1.0 - icc);
}

double mdc95(double sem) {
  if (!(sem >= 0.0)) throw AnalysisError("SEM must be >= 0");
  return 1.96 * std::sqrt(2.0) * sem;
}

SessionChange compareSessions(double baseline, double current, double sem) {
  if (!std::isfinite(baseline) || !std::isfinite(current) || baseline == 0.0) {
    throw AnalysisError("session comparison needs finite values and a non-zero baseline");
  }
  SessionChange c;
  c.baseline = baseline;
  c.current = current;
  c.change = current - baseline;
  c.change_percent = c.change / std::abs(baseline) * 100.0;
  c.mdc95 = mdc95(sem);
  c.exceeds_mdc = std::abs(c.change) > c.mdc95;
  return c;
}

}  // namespace holdfast::analysis
