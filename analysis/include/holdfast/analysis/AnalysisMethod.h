#pragma once
// Every parameter the analysis uses, with its default. A result is always stored with the
// AnalysisMethod that produced it (see docs/analysis.md for sources).

#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/JointTorque.h"

#include "holdfast/analysis/JumpMethod.h"
#include "holdfast/analysis/LimbAsymmetry.h"

namespace holdfast::analysis {

struct BaselineMethod {
  enum class Kind { QuietestWindow, FixedWindow };
  Kind kind = Kind::QuietestWindow;
  double window_s = 1.0;  ///< QuietestWindow: window length
  double start_s = 0.0;   ///< FixedWindow: [start_s, end_s], seconds from the first sample
  double end_s = 1.0;
};

struct FilterMethod {
  enum class Kind { None, Butterworth };
  Kind kind = Kind::None;  ///< off by default: low cutoffs distort early force (Dos'Santos 2018)
  int order = 4;
  double cutoff_hz = 100.0;
};

struct OnsetMethod {
  enum class Kind { BaselineSd, FixedAboveBaseline, PercentBodyWeight };
  Kind kind = Kind::BaselineSd;
  double sd_multiple = 5.0;                    ///< BaselineSd (Dos'Santos et al. 2017)
  double fixed_n = 20.0;                       ///< FixedAboveBaseline (VALD's default is 20 N)
  double body_weight_percent = 5.0;            ///< PercentBodyWeight: of mass x 9.80665
  [[nodiscard]] std::string describe() const;  ///< "sd:5", "fixed:20", "bw:5": the CLI's spelling
};

struct HoldMethod {
  std::optional<double> target_n;        ///< the target in newtons, or
  std::optional<double> target_percent;  ///< a % of reference_n
  std::optional<double> reference_n;     ///< e.g. the patient's maximal force
  double tolerance_percent = 5.0;        ///< force counts as holding above target x (1 - tol)
  double grace_s = 1.0;                  ///< dips shorter than this are counted, not failures
  double fatigue_window_s = 5.0;         ///< first and last windows of the fatigue index
  [[nodiscard]] std::optional<double> target() const;
};

/// How the sway of a balance test is measured (SwayMetrics.h).
struct SwayMethod {
  /// The analysis window in seconds from the trial's first sample; absent: the whole stance
  /// (the longest stretch where the COP is defined).
  std::optional<double> window_start_s;
  std::optional<double> window_end_s;
  double ellipse_probability = 0.95;
  double min_stance_s = 2.0;  ///< a shorter stance is not analysed
  /// Single-leg stance: the other foot touching down ends the stance (StanceFailure.h).
  double touch_down_percent = 10.0;                  ///< of body weight on the other plate
  double touch_down_min_s = 0.05;                    ///< held at least this long
  [[nodiscard]] std::string describeWindow() const;  ///< "whole stance" or "5:25"
  void validate() const;                             ///< throws AnalysisError
};

/// What a test measures: efforts of force (max, holds, reps), the sway of a stance, or jumps
/// and landings.
enum class TestFamily { Effort, Balance, Jump };

struct AnalysisMethod {
  TestFamily family = TestFamily::Effort;
  BaselineMethod baseline;
  FilterMethod filter;
  OnsetMethod onset;
  /// Effort detection: an effort ends when force stays at or below the onset threshold for
  /// min_rest_s; efforts shorter than min_effort_s or with a net peak below
  /// min_relative_peak x the largest net peak are noise.
  double min_rest_s = 1.0;
  double min_effort_s = 0.2;
  double min_relative_peak = 0.2;
  double rise_fraction = 0.10;  ///< foot of the first rise: min + 10 % of the range
  std::vector<double> force_at_s{0.05, 0.10, 0.15, 0.20, 0.25};
  std::vector<double> rfd_windows_s{0.05, 0.10, 0.20, 0.25};
  double peak_rfd_window_s = 0.020;     ///< sliding window of the peak RFD (2-20 ms is usual)
  double best_window_s = 1.0;           ///< best-window mean force
  double movement_sd_limit_n = 10.0;    ///< baseline SD above this flags pre-effort movement
  double min_samples_per_window = 5.0;  ///< an RFD window needs this many sample intervals
  HoldMethod hold;
  /// Torque (a trial with a lever arm): the limb's weight torque added back where it acts on
  /// the pad; none by default.
  GravityCorrection gravity;
  int critical_force_last_reps = 6;  ///< critical force = mean of the last N rep means
  /// The reps a critical-force test asks for (24 in the 3-minute all-out test): a trial with
  /// fewer is flagged. 0: not a critical-force test (a session of test id "critical-force"
  /// recorded before tests stored their reps still gets critical force).
  int critical_force_reps = 0;
  AsymmetryFlags asymmetry;
  /// Balance tests. The method's `filter` low-passes each COP axis (off by default: the data
  /// sets' published values are on the raw COP).
  SwayMethod sway;
  /// Jump tests. The weighing is `baseline` (the quietest window, or a fixed one), the onset of
  /// movement is `onset` (BW +- 5 SD by default), and `filter` low-passes the force.
  JumpMethod jump;

  /// Throws AnalysisError naming the first parameter out of range.
  void validate() const;
};

/// "50ms" for 0.05 s; "0-50ms" with a prefix.
[[nodiscard]] std::string millisecondsLabel(double seconds, const std::string& prefix = "");

}  // namespace holdfast::analysis
