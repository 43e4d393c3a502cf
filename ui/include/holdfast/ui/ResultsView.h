#pragma once
// What the results screen and the clinical report show: plain data drawn from one
// results::SessionReport by report::resultsView (the model `holdfast analyze` prints as text).

#include <QString>
#include <QStringList>
#include <optional>
#include <utility>
#include <vector>

#include "holdfast/ui/SessionView.h"

namespace holdfast::ui {

struct TrialResultView {
  int trial = 0;
  QString side;
  std::optional<double> peak_n;
  std::optional<double> rfd_100_n_per_s;  ///< RFD 0-100 ms
  std::optional<double> time_to_peak_s;
  std::optional<double> hold_s;  ///< time to failure of a hold
  std::optional<double> peak_torque_nm, peak_torque_nm_per_kg;  ///< a trial with a lever arm
  QString note;                  ///< flags, "redone", or why it could not be analysed
};

struct SideSummaryView {
  QString side;
  int efforts = 0;
  double best_n = 0.0, mean_n = 0.0;
  std::optional<double> cv_percent;
};

/// Best left against best right of one metric.
struct LimbComparisonView {
  QString metric;  ///< "Peak force (N)"
  double left = 0.0, right = 0.0;
  double asymmetry_index_percent = 0.0;
  std::optional<double> lsi_percent;
  QString involved;                     ///< "left", "right" or ""
  QString flag;                         ///< "ok", "relevant", "warning"
  QString unit = "N";                   ///< of left and right
  QString basis = "best of each side";  ///< balance: "mean of each side"
};

/// The endurance of one hold (analysis::HoldEndurance).
struct HoldResultView {
  int trial = 0;
  QString side;
  double target_n = 0.0, threshold_n = 0.0;
  double time_to_failure_s = 0.0, time_above_s = 0.0;
  bool still_holding = false;  ///< the recording ended before the hold failed
  int dips = 0;
  double fatigue_slope_n_per_s = 0.0;
  std::optional<double> fatigue_index_percent;
};

/// One critical-force trial: critical force, W' and every rep.
struct CriticalForceView {
  int trial = 0;
  QString side;
  std::optional<double> critical_force_n, w_prime_n_s;  ///< absent: see warning
  int reps = 0, reps_asked = 0, reps_used = 0;
  std::vector<double> rep_peak_n, rep_mean_n;
  QString warning;  ///< fewer reps than the test asks for, or why there is no critical force
};

/// The test's headline value per side across the patient's sessions of one test, oldest first:
/// best peak force, a hold's time to failure, or critical force.
struct TrendView {
  QString test;
  QString metric;                     ///< its key in the metric catalogue (results::sessionTrend)
  QString label = "Best peak force";  ///< what a point is, without the unit
  QString unit = "N";
  QStringList sessions;  ///< "2026-11-02" per session
  std::vector<std::optional<double>> left, right;
  std::vector<std::optional<double>> total;  ///< two-plate tests: both plates summed
  std::optional<double> mdc_n;               ///< MDC95 band around the first session
  QString mdc_source;                        ///< how the MDC was obtained
  QStringList files;                         ///< the session file of each point
};

/// This session against the one before it (same patient and test): best peak per side.
struct SessionChangeView {
  QString side;
  QString previous_date;
  double previous_n = 0.0, current_n = 0.0;
  double change_n = 0.0, change_percent = 0.0;
  std::optional<double> mdc_n;
  bool beyond_mdc = false;  ///< |change| > MDC95: a real change with 95 % confidence
  QString unit = "N";       ///< of the values (the trend's metric)
  QString text;             ///< the change in words (results::ChangeRow::text)
  QString meaning;          ///< "real change", "within noise", or empty without an MDC
};

/// The 95 % prediction ellipse of a stance, as analysis::SwayMetrics gives it.
struct EllipseView {
  double centre_ml_mm = 0.0, centre_ap_mm = 0.0;
  double semi_major_mm = 0.0, semi_minor_mm = 0.0;
  double angle_deg = 0.0;  ///< of the major axis from the medio-lateral axis
  double area_mm2 = 0.0;
};

/// One stance of a balance test.
struct StanceResultView {
  int trial = 0;
  QString side;       ///< "both", "left", "right"
  QString condition;  ///< "eyes open", "eyes closed" or ""
  QString surface;
  std::optional<double> duration_s, path_mm, velocity_mm_per_s, area_mm2, rms_ap_mm, rms_ml_mm,
      mean_frequency_hz, load_left_percent, time_to_failure_s;
  bool stance_failed = false;
  QString note;                                 ///< flags, or why it could not be analysed
  std::vector<std::pair<double, double>> path;  ///< (ml, ap) mm, for the stabilogram
  std::optional<EllipseView> ellipse;
};

/// One jump (or hop) of a jump test.
struct JumpResultView {
  int trial = 0;
  QString side;  ///< "total" (both feet), "left", "right"
  int jump = 1;  ///< its number in the trial
  QString type;  ///< "cmj", "squat-jump", "drop-jump", "hop"
  std::optional<double> height_impulse_cm, height_flight_cm, rsi_modified, time_to_takeoff_s,
      depth_cm, contact_time_s, rsi, peak_power_w_per_kg, peak_landing_force_n;
  bool best = false;  ///< the trial's jump that counts (a hop test: one of the best 5)
  QString note;       ///< flags, or why the trial could not be analysed
};
/// Eyes closed against eyes open (the Romberg quotient, x 100 %).
struct RombergView {
  QString side, surface;
  double eyes_open_velocity = 0.0, eyes_closed_velocity = 0.0, velocity_percent = 0.0;
  double eyes_open_area = 0.0, eyes_closed_area = 0.0, area_percent = 0.0;
  /// "Romberg quotient (eyes closed / eyes open, firm): velocity 141 % (9.1 / 6.4 mm/s),
  /// ellipse area 257 % (189 / 74 mm²)" (results::RombergRow::sentence)
  QString sentence;
};

struct CriterionView {
  QString name;
  QString detail;  ///< "85.9 %, needs >= 90 %: fail"
  bool pass = false;
  bool applicable = true;  ///< false: shown as N/A, outside the verdict
};

struct ResultsView {
  QString patient;  ///< the pseudonymous id, never a name
  QString test;
  QString test_name;  ///< the test's display name ("Isometric maximal strength"), else its id
  QString date;       ///< local date and time, "2026-11-30 08:13"
  std::optional<int> age_years;  ///< at the session, as stored with it
  QString operator_name;         ///< who ran the session (the station's operator setting)
  QString involved;
  std::optional<double> body_mass_kg;
  QString headline;  ///< "Best left 412.3 N   Best right 356.0 N", or holds / critical force
  std::vector<TrialResultView> trials;
  std::vector<HoldResultView> holds;
  std::vector<CriticalForceView> critical_force;
  std::vector<StanceResultView> stances;  ///< a balance test (then `trials` is empty)
  std::vector<RombergView> romberg;
  std::vector<JumpResultView> jumps;  ///< a jump test (then `trials` is empty)
  /// A jump test on two plates: each phase, left plate against right (mean over the jumps).
  std::vector<LimbComparisonView> phases;
  QStringList warnings;  ///< what the clinician must know before reading the numbers
  /// Each side against the test's norms, or why no norm matches; then the full references.
  QStringList norms;
  QStringList norm_citations;
  std::vector<SideSummaryView> summaries;
  std::vector<LimbComparisonView> limbs;  ///< first: peak force
  TrendView trend;
  std::vector<SessionChangeView> changes;  ///< empty for a first session
  std::vector<CriterionView> criteria;
  QString criteria_set;      ///< the set's name: the test's, or a criteria file's
  QString criteria_verdict;  ///< "3 of 5 criteria met: not cleared"
  bool cleared = false;
  bool no_criterion_applies = false;   ///< a verdict of nothing: shown grey, not red
  std::vector<TraceView> best_traces;  ///< the best trial of each side, for the report
  QString method;                      ///< how the numbers were computed
  QString acquisition;                 ///< samples, gaps, rejected, reconnects
  QStringList files;
};

}  // namespace holdfast::ui
