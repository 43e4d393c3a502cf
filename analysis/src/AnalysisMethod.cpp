#include "holdfast/analysis/AnalysisMethod.h"

#include <cmath>
#include <sstream>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

std::string OnsetMethod::describe() const {
  std::ostringstream out;
  switch (kind) {
    case Kind::BaselineSd:
      out << "sd:" << sd_multiple;
      break;
    case Kind::FixedAboveBaseline:
      out << "fixed:" << fixed_n;
      break;
    case Kind::PercentBodyWeight:
      out << "bw:" << body_weight_percent;
      break;
  }
  return out.str();
}

std::optional<double> HoldMethod::target() const {
  if (target_n) return target_n;
  if (target_percent && reference_n) return *target_percent / 100.0 * *reference_n;
  return std::nullopt;
}

std::string millisecondsLabel(double seconds, const std::string& prefix) {
  return prefix + std::to_string(std::lround(seconds * 1000.0)) + "ms";
}

std::string SwayMethod::describeWindow() const {
  if (!window_start_s && !window_end_s) return "whole stance";
  std::ostringstream os;
  if (window_start_s) os << *window_start_s;
  os << ":";
  if (window_end_s) os << *window_end_s;
  return os.str();
}

void SwayMethod::validate() const {
  if (window_start_s && !(*window_start_s >= 0.0)) {
    throw AnalysisError("sway window: the start must be 0 s or later");
  }
  if (window_start_s && window_end_s && !(*window_end_s > *window_start_s)) {
    throw AnalysisError("sway window: the end must come after the start");
  }
  if (!(ellipse_probability > 0.0 && ellipse_probability < 1.0)) {
    throw AnalysisError("ellipse probability must be between 0 and 1");
  }
  if (!(min_stance_s > 0.0)) throw AnalysisError("the minimum stance must be above 0 s");
  if (!(touch_down_percent > 0.0 && touch_down_percent < 100.0)) {
    throw AnalysisError("touch-down threshold must be between 0 and 100 % of body weight");
  }
  if (!(touch_down_min_s >= 0.0)) throw AnalysisError("touch-down time must be 0 s or more");
}

void AnalysisMethod::validate() const {
  sway.validate();
  jump.validate();
  auto require = [](bool ok, const char* what) {
    if (!ok) throw AnalysisError(std::string("invalid analysis parameter: ") + what);
  };
  require(baseline.window_s > 0.0 && baseline.window_s <= 60.0, "baseline window must be 0-60 s");
  require(baseline.kind != BaselineMethod::Kind::FixedWindow || baseline.end_s > baseline.start_s,
          "baseline window end must be after its start");
  require(filter.kind == FilterMethod::Kind::None || (filter.order >= 1 && filter.order <= 8),
          "filter order must be 1-8");
  require(filter.kind == FilterMethod::Kind::None || filter.cutoff_hz > 0.0,
          "filter cutoff must be positive");
  require(onset.sd_multiple > 0.0 && onset.fixed_n > 0.0 && onset.body_weight_percent > 0.0,
          "onset thresholds must be positive");
  require(min_rest_s > 0.0 && min_effort_s >= 0.0, "effort detection times must be positive");
  require(min_relative_peak >= 0.0 && min_relative_peak < 1.0, "min relative peak must be 0-1");
  require(rise_fraction > 0.0 && rise_fraction < 0.5, "rise fraction must be between 0 and 0.5");
  for (double w : force_at_s) require(w > 0.0 && w <= 10.0, "force-at times must be 0-10 s");
  for (double w : rfd_windows_s) require(w > 0.0 && w <= 10.0, "RFD windows must be 0-10 s");
  require(peak_rfd_window_s > 0.0 && peak_rfd_window_s <= 1.0, "peak RFD window must be 0-1 s");
  require(best_window_s > 0.0 && best_window_s <= 600.0, "best window must be 0-600 s");
  require(!hold.target_n || *hold.target_n > 0.0, "hold target must be positive");
  require(!hold.target_percent || (*hold.target_percent > 0.0 && *hold.target_percent <= 200.0),
          "hold target percent must be 0-200");
  require(!hold.reference_n || *hold.reference_n > 0.0, "reference force must be positive");
  require(!hold.target_percent || hold.reference_n,
          "a hold target in percent needs a reference force");
  require(hold.tolerance_percent >= 0.0 && hold.tolerance_percent < 100.0,
          "tolerance must be 0-100 %");
  require(hold.grace_s >= 0.0 && hold.grace_s <= 60.0, "grace period must be 0-60 s");
  require(hold.fatigue_window_s > 0.0, "fatigue window must be positive");
  require(critical_force_last_reps >= 1, "critical force needs at least one rep");
  require(critical_force_reps >= 0 && critical_force_reps <= 200,
          "the reps of a critical-force test must be 0-200");
  require(critical_force_reps == 0 || critical_force_last_reps <= critical_force_reps,
          "critical force cannot use more last reps than the test asks for");
}

}  // namespace holdfast::analysis
