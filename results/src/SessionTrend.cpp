// The trend of a patient's sessions of one test, as the report shows it: each session's own
// stored results, the test's headline metric, and the MDC95 band with where it came from.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>

#include "ReportBuilders.h"
#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/analysis/TrialStatistics.h"
#include "holdfast/results/SessionOutcome.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::results {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string localDay(const store::SessionInfo& info) {
  return store::localDateTime(info.created_local, info.created_utc).substr(0, 10);
}

/// One session of the trend: its date, file and analysis (per-side values and summaries).
struct TrendPoint {
  std::string created_utc;
  std::string local_day;  ///< the date a person reads
  fs::path file;
  std::vector<SideSummary> summaries;
  analysis::MetricValues values;
};

}  // namespace

ReportTrend sessionTrend(const fs::path& session_file, const store::SessionRecord& current,
                         const SessionAnalysis& current_analysis, std::optional<double> sem_n,
                         std::vector<std::string>* skipped) {
  // Every session file beside this one gives its stored results (read once, without its
  // samples); this one is not read again.
  std::vector<TrendPoint> points{{current.info.created_utc, localDay(current.info), session_file,
                                  current_analysis.summaries, current_analysis.values}};
  const fs::path folder =
      session_file.parent_path().empty() ? fs::path(".") : session_file.parent_path();
  std::error_code ec;
  // A file without a patient id says nothing of whose the other files are: it has no trend.
  const bool has_patient = !current.info.patient_id.empty();
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    std::error_code same;
    if (!has_patient || entry.path().extension() != ".h5" ||
        fs::equivalent(entry.path(), session_file, same))
      continue;
    try {
      // The metadata first: another person's or another test's samples are never read.
      const store::SessionInfo info = store::readSessionInfo(entry.path());
      if (info.patient_id != current.info.patient_id || info.test != current.info.test) continue;
      // Its own stored results (or its own method): never this session's method over it.
      SessionOutcome other = sessionOutcome(entry.path());
      if (other.info.patient_id != current.info.patient_id || other.info.test != current.info.test)
        continue;
      points.push_back({other.info.created_utc, localDay(other.info), entry.path(),
                        std::move(other.summaries), std::move(other.values)});
    } catch (const std::exception& e) {
      if (skipped) skipped->push_back(entry.path().string() + ": " + e.what());
    }
  }
  std::sort(points.begin(), points.end(), [](const TrendPoint& a, const TrendPoint& b) {
    return std::tie(a.created_utc, a.file) < std::tie(b.created_utc, b.file);
  });

  ReportTrend t;
  t.test = current.info.test;
  std::string metric = headlineMetric(current_analysis.method);
  // A dynamometer test with a lever arm follows torque, per kg where the body mass is known:
  // what clinicians compare with norms. Earlier sessions without one leave a gap.
  const auto has = [&](const char* key) {
    const std::string prefix = std::string(key) + "@";
    return std::any_of(current_analysis.values.begin(), current_analysis.values.end(),
                       [&](const auto& v) { return v.first.rfind(prefix, 0) == 0; });
  };
  if (metric == analysis::metric::kPeakForce && has(analysis::metric::kPeakTorquePerKg)) {
    metric = analysis::metric::kPeakTorquePerKg;
  } else if (metric == analysis::metric::kPeakForce && has(analysis::metric::kPeakTorque)) {
    metric = analysis::metric::kPeakTorque;
  }
  t.metric = metric;
  if (metric == analysis::metric::kPeakTorquePerKg) {
    t.label = "Best peak torque per kg";
    t.unit = "Nm/kg";
  } else if (metric == analysis::metric::kPeakTorque) {
    t.label = "Best peak torque";
    t.unit = "Nm";
  } else if (metric == analysis::metric::kTimeToFailure) {
    t.label = "Longest hold";
    t.unit = "s";
  } else if (metric == analysis::metric::kMeanVelocity) {
    t.label = "Mean sway velocity";
    t.unit = "mm/s";
  } else if (metric == analysis::metric::kCriticalForce) {
    t.label = "Critical force";
  } else if (metric == analysis::metric::kJumpHeightImpulse) {
    t.label = "Best jump height";
    t.unit = "cm";
  } else if (metric == analysis::metric::kRsi) {
    t.label = "Best RSI";
    t.unit = "m/s";
  } else if (metric == analysis::metric::kBest5RsiMean) {
    t.label = "Best-5 RSI";
    t.unit = "m/s";
  }
  // Heights read in centimetres.
  const double scale = t.unit == "cm" ? 100.0 : 1.0;
  const bool peak_force = metric == analysis::metric::kPeakForce;
  double pooled_variance_sum = 0.0;  // sum of (n - 1) s^2 over every side of every session
  double pooled_df = 0.0;
  for (const TrendPoint& point : points) {
    t.sessions.push_back(point.local_day);
    t.files.push_back(point.file.string());
    std::optional<double> left, right, total;
    if (const auto it = point.values.find(metric + "@left"); it != point.values.end())
      left = it->second;
    if (const auto it = point.values.find(metric + "@right"); it != point.values.end())
      right = it->second;
    if (const auto it = point.values.find(metric + "@total"); it != point.values.end())
      total = it->second;
    if (const auto it = point.values.find(metric + "@both"); it != point.values.end())
      total = it->second;  // a stance on both feet
    for (const SideSummary& summary : point.summaries) {
      // The typical error of one limb's (one plate's) efforts; the total's scale differs.
      if (summary.measure.n >= 2 && summary.side != "total") {
        const double df = static_cast<double>(summary.measure.n - 1);
        pooled_variance_sum += df * summary.measure.sd * summary.measure.sd;
        pooled_df += df;
      }
    }
    const auto scaled = [&](std::optional<double> v) {
      return v ? std::optional<double>(*v * scale) : std::nullopt;
    };
    t.left.push_back(scaled(left));
    t.right.push_back(scaled(right));
    t.total.push_back(scaled(total));
  }
  if (std::none_of(t.total.begin(), t.total.end(), [](const auto& v) { return v.has_value(); }))
    t.total.clear();
  if (!peak_force) {
    // The typical error and a test's SEM are of peak force: no band for another metric.
    t.mdc_source = "No MDC band: the reliability figures are of peak force, the trend shows " +
                   lower(t.label) + ".";
  } else if (sem_n) {
    t.mdc = analysis::mdc95(*sem_n);
    t.mdc_source = "MDC95 = 1.96 x sqrt(2) x SEM with SEM " + detail::fixed(*sem_n, 1) +
                   " N from the protocol's reliability figure (Weir 2005).";
  } else if (pooled_df >= 2) {
    const double typical_error = std::sqrt(pooled_variance_sum / pooled_df);
    t.mdc = analysis::mdc95(typical_error);
    t.mdc_source = "MDC95 = 1.96 x sqrt(2) x " + detail::fixed(typical_error, 1) +
                   " N, the typical error of this patient's repeated efforts (pooled "
                   "within-session SD over " +
                   detail::fixed(pooled_df, 0) +
                   " degrees of freedom; Hopkins 2000, Weir 2005). A change inside the band may "
                   "be measurement noise.";
  } else {
    t.mdc_source = "No MDC band: fewer than three repeated efforts to estimate the typical error.";
  }
  return t;
}

}  // namespace holdfast::results
