#pragma once
// The live screen of a session: what the Record page draws on each UI tick (the last 10 s of
// force, min/max decimated by the chart; the COP; a stance's stabilogram) and its status line
// (the step, the countdown or rep cue, force now, the peak or weight or jump state, the hold
// timer, the device's counters and banners, which buttons may be pressed). It only shows: the
// session's controller (LiveSession) tells it, as a LiveScene, where the session is.

#include <QString>
#include <QStringList>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/method/TestDefinition.h"
#include "holdfast/recording/RecordingPlan.h"
#include "holdfast/station/LiveTraceBuffer.h"
#include "holdfast/station/TrialFollower.h"
#include "holdfast/ui/ResultsView.h"

namespace holdfast::daq {
class AcquisitionEngine;
}
namespace holdfast::ui {
class LiveDashboard;
}

namespace holdfast::station {

/// Where a live session is.
enum class SessionPhase {
  Setup,
  Monitoring,
  Starting,
  Countdown,
  Recording,
  Saving,
  Analysing,
  Finishing,
  Done
};

/// The controller's state as the live view reads it on one tick.
struct LiveScene {
  SessionPhase phase = SessionPhase::Setup;
  const method::TestDefinition* test = nullptr;
  const std::vector<method::TestStep>* steps = nullptr;
  std::size_t step = 0;
  int trials_saved = 0;
  int last_trial = 0;
  double in_phase_s = 0.0;  ///< since the phase began
  double countdown_s = 3.0, duration_s = 5.0;
  bool two_plates = false;
  std::string side, condition;
  /// A dynamometer test: the lever arm last entered for this side (preset for its next trial).
  std::optional<double> side_lever_arm_m;
  double go_time_s = -1.0;
  std::optional<double> hold_target_n;
  std::optional<double> analysed_peak_n;  ///< the last trial's peak as analysed
  QString last_jump_text;                 ///< the last analysed jump in a line
  QString session_headline;               ///< empty until the session is analysed
  bool plan_ready = false;
  const daq::AcquisitionEngine* engine = nullptr;
  QString device_name;
  std::optional<std::string> simulator_error;
  QString last_trial_loss, last_error;
  const TrialFollower* follower = nullptr;
};

class LiveView {
 public:
  explicit LiveView(ui::LiveDashboard& live) : live_(live) {}

  /// The trace the controller fills from the display ring.
  [[nodiscard]] LiveTraceBuffer& trace() { return trace_; }
  [[nodiscard]] const LiveTraceBuffer& trace() const { return trace_; }

  /// The channels of a recording plan: legend, colours (the trial's `side` for one sensor),
  /// the COP's plates. A new engine on the same device keeps the picture; `recolour` redraws
  /// the legend anyway (a trial starts: its side).
  void showPlan(const recording::RecordingPlan& plan, std::size_t raw_channels, bool two_plates,
                bool balance, const std::string& side, bool recolour);

  /// A balance trial's analysed ellipse (or none), drawn on the stabilogram on the next tick.
  void showEllipse(std::optional<ui::EllipseView> ellipse);
  /// The stabilogram's path grew: redrawn on the next tick.
  void stanceChanged() { stance_drawn_ = false; }
  /// A new session: the stance choice follows its first step again.
  void newSession() {
    stance_choice_step_ = static_cast<std::size_t>(-1);
    lever_step_ = static_cast<std::size_t>(-1);
  }

  void draw(const LiveScene& scene);

 private:
  [[nodiscard]] static QString stateText(const LiveScene& scene);

  ui::LiveDashboard& live_;
  LiveTraceBuffer trace_{12.0};  // the live view shows 10 s
  QStringList force_names_;      ///< of the channels in the trace
  std::vector<double> total_;    ///< two plates: their sum, drawn as the first curve
  std::optional<ui::EllipseView> stance_ellipse_;
  bool stance_drawn_ = false;
  std::size_t stance_choice_step_ = static_cast<std::size_t>(-1);  ///< step the choice is for
  std::size_t lever_step_ = static_cast<std::size_t>(-1);  ///< the step its lever arm is for
};

}  // namespace holdfast::station
