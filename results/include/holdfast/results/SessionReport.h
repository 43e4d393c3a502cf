#pragma once
// One session's report: everything a person is shown of a session's analysis, put into words
// and numbers once. Per-family builders (IsometricReport, JumpReport, BalanceReport) fill it;
// three renderers draw it and add no wording of their own: the station's Results page and the
// clinical PDF (report::resultsView), the text of `holdfast analyze` (sessionReportText), and
// `holdfast report --json` (sessionReportJson). Plain standard types: no Qt, no HDF5 here.

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

/// A point marked on a chart's series: a peak (with its force) or an event (onset, take-off).
struct ReportMarker {
  double time_s = 0.0;  ///< since the trial's first sample
  double value = 0.0;
  std::string label;  ///< "peak 412.3 N", "take-off"
  std::string side;
};

/// A chart's series: which samples of which trial it draws and what is marked on them. The
/// renderer reads the samples from the session; the model names them only.
struct ReportTrace {
  enum class Channels {
    One,        ///< the trial's `channel`
    TwoPlates,  ///< both plates summed, then each plate
    AllSummed,  ///< every force channel summed (a jump on one plate or two)
  };
  std::string title;  ///< "Best left: trial 2"
  int trial = 0;
  std::string side;
  Channels channels = Channels::One;
  std::size_t channel = 0;
  std::vector<ReportMarker> peaks, events;
};

/// One effort of an isometric, hold or critical-force trial (or the trial, when it has none).
struct EffortRow {
  int trial = 0;
  std::string side;
  int effort = 0;              ///< 1-based within the trial; 0: the trial has no analysed effort
  int trial_efforts = 0;       ///< how many the trial has
  bool best_of_trial = false;  ///< the trial's highest peak: the row the results page shows
  std::optional<double> rate_hz, baseline_n, onset_s, peak_n, net_peak_n, time_to_peak_s,
      rfd_100_n_per_s, peak_rfd_n_per_s, impulse_n_s, hold_s;
  /// A trial with a lever arm: the torque twins (analysis' JointTorque.h).
  std::optional<double> lever_arm_m, gravity_nm, peak_torque_nm, net_peak_torque_nm,
      peak_torque_nm_per_kg, rtd_100_nm_per_s, peak_rtd_nm_per_s;
  std::vector<std::string> flags;  ///< quality flags of the trial and of the effort
  std::string left_out;            ///< why it does not count in best, asymmetry and criteria
  std::string problem;             ///< "no effort found", "not analysed: ...", or why it failed
};

/// The endurance of one hold (analysis::HoldEndurance).
struct HoldRow {
  int trial = 0;
  std::string side;
  double target_n = 0.0, threshold_n = 0.0;
  double time_to_failure_s = 0.0, time_above_s = 0.0;
  bool still_holding = false;  ///< the recording ended before the hold failed
  int dips = 0;
  double fatigue_slope_n_per_s = 0.0;
  std::optional<double> fatigue_index_percent;
  double cv_percent = 0.0;
};

/// One critical-force trial: critical force, W' and every rep.
struct CriticalForceRow {
  int trial = 0;
  std::string side;
  std::optional<double> critical_force_n, w_prime_n_s;  ///< absent: see warning
  int reps = 0, reps_asked = 0, reps_used = 0;
  std::vector<double> rep_peak_n, rep_mean_n;
  std::string warning;  ///< fewer reps than the test asks for, or why there is none
};

/// The 95 % prediction ellipse of a stance.
struct EllipseRow {
  double centre_ml_mm = 0.0, centre_ap_mm = 0.0;
  double semi_major_mm = 0.0, semi_minor_mm = 0.0;
  double angle_deg = 0.0;  ///< of the major axis from the medio-lateral axis
  double area_mm2 = 0.0;
};

/// One stance of a balance test.
struct StanceRow {
  int trial = 0;
  std::string side;       ///< "both", "left", "right"
  std::string condition;  ///< "eyes open", "eyes closed" or ""
  std::string surface;
  std::optional<double> duration_s, path_mm, velocity_mm_per_s, area_mm2, rms_ap_mm, rms_ml_mm,
      mean_frequency_hz, load_left_percent, time_to_failure_s;
  bool stance_failed = false;
  std::string stance_end;  ///< "the stance ended at 4.2 s: the other foot touched down", "held"
  std::vector<std::string> flags;
  std::string left_out;
  std::string problem;                          ///< why it could not be analysed
  std::vector<std::pair<double, double>> path;  ///< (ml, ap) mm, for the stabilogram
  std::optional<EllipseRow> ellipse;
};

/// One plate's part of a jump phase (left against right).
struct PlatePhase {
  std::string metric;
  double left = 0.0, right = 0.0;
  std::string flag;
};

/// One jump (or hop) of a jump test; a trial that could not be analysed is one row with its
/// problem.
struct JumpRow {
  int trial = 0;
  std::string side;  ///< "total" (both feet), "left", "right"
  int jump = 0;      ///< its number in the trial; 0: the trial has none
  std::string type;  ///< "cmj", "squat-jump", "drop-jump", "hop"
  std::optional<double> body_weight_n, onset_s, takeoff_s, height_impulse_cm, height_flight_cm,
      rsi_modified, time_to_takeoff_s, depth_cm, unweighting_s, braking_s, propulsion_s,
      contact_time_s, rsi, peak_power_w_per_kg, peak_landing_force_n;
  bool best = false;  ///< the trial's jump that counts (a hop test: one of the best 5)
  std::vector<std::string> flags;
  std::vector<PlatePhase> per_plate;  ///< two plates: each phase, left against right
  std::string left_out;
  std::string problem;
  std::string hops;  ///< the trial's hop summary, on its first row
};

/// One side's repeated measure across trials.
struct SummaryRow {
  std::string side;
  std::string condition;  ///< a balance test's, as read ("eyes open")
  std::string metric;     ///< its catalogue key
  std::string label;      ///< "peak force"
  std::string unit;
  int decimals = 1;  ///< the catalogue's
  std::size_t n = 0;
  double best = 0.0, mean = 0.0;
  std::optional<double> cv_percent;  ///< from two efforts on
};

/// Left against right of one metric.
struct LimbRow {
  std::string metric;       ///< catalogue key
  std::string label;        ///< "Peak force (N)"
  std::string short_label;  ///< under a phase chart's bar: "Brak. imp."
  std::string unit;
  int decimals = 1;  ///< the catalogue's
  double left = 0.0, right = 0.0;
  double asymmetry_index_percent = 0.0, symmetry_angle_percent = 0.0;
  std::optional<double> lsi_percent;
  std::string involved;
  std::string flag;  ///< "ok", "relevant", "warning"
  std::string basis = "best of each side";
  bool phase = false;  ///< a jump phase on two plates (the phase chart), not a limb comparison
};

/// Eyes closed against eyes open (the Romberg quotient, x 100 %).
struct RombergRow {
  std::string side, surface;
  double eyes_open_velocity = 0.0, eyes_closed_velocity = 0.0, velocity_percent = 0.0;
  double eyes_open_area = 0.0, eyes_closed_area = 0.0, area_percent = 0.0;
  std::string sentence;  ///< the quotient in words
};

struct CriterionRow {
  std::string name;
  std::string detail;  ///< "85.9 %, needs >= 90 %: fail"
  bool pass = false;
  bool applicable = true;  ///< false: shown as N/A, outside the verdict
};

/// The test's headline value per side across the patient's sessions of the test, oldest first.
struct ReportTrend {
  std::string test;
  std::string metric;  ///< its catalogue key
  std::string label = "Best peak force";
  std::string unit = "N";
  std::vector<std::string> sessions;  ///< local day of each
  std::vector<std::optional<double>> left, right, total;
  std::optional<double> mdc;  ///< MDC95 band around the first session (peak force only)
  std::string mdc_source;
  std::vector<std::string> files;
};

/// This session against the one before it in the trend.
struct ChangeRow {
  std::string side;
  std::string previous_date;
  double previous = 0.0, current = 0.0, change = 0.0, change_percent = 0.0;
  std::optional<double> mdc;
  bool beyond_mdc = false;
  std::string unit;
  std::string text;     ///< "left +20.0 N (+5.1 %), beyond the MDC95 of 13.9 N: a real change"
  std::string meaning;  ///< "real change", "within noise", or "" without an MDC
};

/// What is said right after a trial (the station's status line): a problem, or its result.
struct TrialNotice {
  enum class Kind { Problem, Note, Result };
  int trial = 0;
  Kind kind = Kind::Note;
  std::string text;
};

struct SessionReport {
  std::string file;       ///< the session file's name
  std::string patient;    ///< the pseudonymous id, never a name
  std::string test;       ///< its id
  std::string test_name;  ///< display name, else the id
  std::string family;     ///< "isometric", "balance", "jump"
  std::string date;       ///< local date and time
  std::optional<int> age_years;
  std::string operator_name;
  std::string involved;
  std::optional<double> body_mass_kg;
  std::size_t trial_count = 0;
  std::string headline;      ///< the test's outcome of each side in a line
  std::string summary_line;  ///< the headline and the first left/right comparison
  std::vector<EffortRow> efforts;
  std::vector<HoldRow> holds;
  std::vector<CriticalForceRow> critical_force;
  std::vector<StanceRow> stances;
  std::vector<RombergRow> romberg;
  std::vector<JumpRow> jumps;
  std::vector<SummaryRow> summaries;
  std::vector<LimbRow> limbs;  ///< the headline metric's first; phases have `phase`
  std::vector<CriterionRow> criteria;
  std::string criteria_set;
  std::string verdict;  ///< "3 of 5 criteria met: not cleared"; empty: no criteria
  bool cleared = false;
  bool no_criterion_applies = false;
  std::vector<std::string> warnings;  ///< what to know before reading the numbers
  /// Each side's best against the test's norms (NormOutcome::text), or why no norm matches;
  /// empty for a session analysed without a test.
  std::vector<std::string> norms;
  std::vector<std::string> norm_citations;  ///< the full reference of each norm used
  std::vector<ReportTrace> traces;          ///< each side's best trial
  ReportTrend trend;
  std::vector<ChangeRow> changes;  ///< empty for a first session
  std::string method;              ///< how the numbers were computed, with sources
  std::string method_source;       ///< "Method from ...; overridden: ..."
  std::string acquisition;         ///< samples, gaps, rejected, reconnects per trial
  std::vector<TrialNotice> notices;
};

/// The trend of the patient's sessions of this test: every session file beside `session_file`
/// (same folder, same patient and test), oldest first, each with its own stored results
/// (sessionOutcome: never re-analysed with this session's method); the current session from
/// `analysis`. Unreadable files are skipped and named in `skipped`. MDC95 = 1.96 x sqrt(2) x SEM
/// (Weir 2005), SEM given (from a reliability study) or the typical error of the patient's own
/// repeated efforts: the pooled within-session SD of peak force (Hopkins 2000).
[[nodiscard]] ReportTrend sessionTrend(const std::filesystem::path& session_file,
                                       const store::SessionRecord& session,
                                       const SessionAnalysis& analysis, std::optional<double> sem,
                                       std::vector<std::string>* skipped = nullptr);

/// The report of one session with the trend given.
[[nodiscard]] SessionReport buildSessionReport(const std::filesystem::path& file,
                                               const store::SessionRecord& session,
                                               const SessionAnalysis& analysis, ReportTrend trend);

/// The report with the trend of the patient's sessions of the test.
[[nodiscard]] SessionReport sessionReport(const std::filesystem::path& file,
                                          const store::SessionRecord& session,
                                          const SessionAnalysis& analysis,
                                          std::optional<double> sem);

}  // namespace holdfast::results
