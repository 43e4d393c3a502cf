#include "holdfast/station/LiveView.h"

#include <algorithm>
#include <cmath>

#include "LiveSessionParts.h"
#include "holdfast/analysis/EffortOnset.h"
#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/station/StationStatus.h"
#include "holdfast/ui/LiveChartView.h"
#include "holdfast/ui/LiveDashboard.h"
#include "holdfast/ui/StabilogramView.h"

namespace holdfast::station {

using namespace detail;  // NOLINT(google-build-using-namespace)

void LiveView::showPlan(const recording::RecordingPlan& plan, std::size_t raw_channels,
                        bool two_plates, bool balance, const std::string& side, bool recolour) {
  const QStringList before = force_names_;  // what the picture shows now
  QStringList names;
  for (const std::string& force_name : plan.layout.forceNames()) names << q(force_name);
  // Colours and legend follow the trial's side (one sensor moved from limb to limb).
  QStringList labels, sides;
  for (const std::string& name : plan.layout.forceNames()) {
    const std::string s = name.find("right") != std::string::npos  ? "right"
                          : name.find("left") != std::string::npos ? "left"
                                                                   : side;
    labels << q(plan.layout.forceCount() == 1 ? s : name) + " (N)";
    sides << q(s);
  }
  if (two_plates) {
    // The sum of both plates is drawn first: the test's primary force.
    labels.prepend("total (N)");
    sides.prepend("total");
  }
  // Re-coloured when a trial starts (its side), not when monitoring resumes after it.
  if (names != before || recolour) live_.chart()->setChannels(labels, sides);
  // A new engine on the same device (monitoring <-> recording) keeps the picture.
  if (names == before && trace_.force().size() == static_cast<std::size_t>(before.size())) {
    trace_.keepPicture(raw_channels);
  } else {
    trace_.reset(plan.layout.forceCount(), plan.layout.plates().size(), raw_channels);
    force_names_ = names;
    live_.setBalanceMode(balance);
    live_.setCopVisible(!plan.layout.plates().empty());
    QStringList plate_sides;
    for (const auto& p : plan.layout.plates()) plate_sides << q(p.name);
    live_.cop()->setPlates(plate_sides, 400.0, 600.0);
  }
}

void LiveView::showEllipse(std::optional<ui::EllipseView> ellipse) {
  stance_ellipse_ = ellipse;
  stance_drawn_ = false;
}

QString LiveView::stateText(const LiveScene& sc) {
  const double in_phase = sc.in_phase_s;
  const method::TestDefinition* test = sc.test;
  QString state;
  const double countdown = sc.countdown_s;
  switch (sc.phase) {
    case SessionPhase::Monitoring: {
      const double rest = test ? test->rest_s : 0;
      if (sc.trials_saved > 0 && in_phase < rest && sc.step < sc.steps->size()) {
        const int left_s = static_cast<int>(std::ceil(rest - in_phase));
        state = QString("Rest %1:%2").arg(left_s / 60).arg(left_s % 60, 2, 10, QChar('0'));
      } else {
        state = sc.step < sc.steps->size() ? "Ready" : "Done";
      }
      break;
    }
    case SessionPhase::Countdown:
      state = QString::number(static_cast<int>(std::ceil(countdown - in_phase)));
      break;
    case SessionPhase::Recording:
      if (test && test->kind == method::TestKind::Balance) {
        const double duration = sc.duration_s;
        state = QString("Stance %1 / %2 s").arg(in_phase, 0, 'f', 1).arg(duration, 0, 'f', 0);
      } else {
        state = test && test->reps ? repCue(*test->reps, in_phase)
                                   : QString("GO!  %1 s").arg(in_phase, 0, 'f', 1);
      }
      break;
    case SessionPhase::Starting:
      state = "Starting...";
      break;
    case SessionPhase::Saving:
      state = "Saving...";
      break;
    case SessionPhase::Analysing:
      state = "Analysing...";
      break;
    case SessionPhase::Finishing:
      state = "Finishing...";
      break;
    default:
      state = "";
  }
  return state;
}

void LiveView::draw(const LiveScene& sc) {
  ui::LiveDashboard* live = &live_;
  const method::TestDefinition* test = sc.test;
  const auto& steps = *sc.steps;
  const TrialFollower& follower = *sc.follower;
  const SessionPhase phase = sc.phase;
  const bool balance = test && test->kind == method::TestKind::Balance;
  const bool jump = test && test->kind == method::TestKind::Jump;
  if (balance && phase == SessionPhase::Monitoring && stance_choice_step_ != sc.step) {
    // A new step: its planned conditions, until the clinician changes them.
    live->setStanceChoice(q(sc.condition.empty() ? "eyes-open" : sc.condition), q(test->surface));
    stance_choice_step_ = sc.step;
  }
  const bool dynamometer = test && test->dynamometer;
  live->setDynamometerMode(dynamometer, dynamometer ? q(test->dynamometer->lever_arm) : QString());
  if (dynamometer && phase == SessionPhase::Monitoring && lever_step_ != sc.step) {
    // A new step: the lever arm this side was measured at, until the clinician changes it.
    live->setLeverArm(sc.side_lever_arm_m);
    lever_step_ = sc.step;
  }
  ui::LiveStatus s;
  if (test) s.step = stepText(steps, sc.step, test->trials_per_side);
  s.state = stateText(sc);
  const auto& force = trace_.force();
  const QString peak_of = sc.two_plates ? QString("Peak total ") : QString("Peak ");
  if (!force.empty() && !force[0].empty()) {
    QStringList now;
    if (sc.two_plates && force.size() == 2)
      now << QString("Total %1 N").arg(force[0].back() + force[1].back(), 0, 'f', 0);
    for (std::size_t c = 0; c < force.size(); ++c) {
      // plan_ is reset while a new engine starts; the names drawn stay those of the picture.
      const QString name = force_names_.value(static_cast<qsizetype>(c));
      now << (force.size() > 1 ? name.left(1).toUpper() + " " : QString()) +
                 QString("%1 N").arg(force[c].back(), 0, 'f', 0);
    }
    s.force_now = now.join("  ");
  }
  if (balance) {
    // A stance has no peak: its weight, and how it is shared between the feet.
    if (!force.empty() && !force[0].empty()) {
      double total = 0.0;
      for (const auto& c : force) total += c.back();
      s.trial_peak = QString("Weight %1 N").arg(total, 0, 'f', 0);
      if (force.size() == 2 && total > 20.0 && sc.side == "both")
        s.load_left_percent = 100.0 * force[0].back() / total;
    }
    if (const auto down = follower.touchDownAt(); down && phase == SessionPhase::Recording) {
      s.hold = QString("Foot down at %1 s").arg(*down - sc.go_time_s, 0, 'f', 1);
      s.hold_state = "failed";
    }
  } else if (jump) {
    // The weighing, the flight, the landing: what the athlete is told and the clinician sees.
    if (follower.jump() && (phase == SessionPhase::Countdown || phase == SessionPhase::Recording)) {
      const analysis::JumpMonitor& m = *follower.jump();
      if (const auto bw = m.bodyWeightN()) {
        s.trial_peak = QString("Body weight %1 N (%2 kg)")
                           .arg(*bw, 0, 'f', 0)
                           .arg(*bw / analysis::kStandardGravity, 0, 'f', 1);
      }
      if (m.inFlight()) {
        s.hold = "In the air";
        s.hold_state = "ok";
      } else if (const auto flight = m.lastFlightS()) {
        s.hold = QString("Landed: flight %1 s").arg(*flight, 0, 'f', 3);
        s.hold_state = m.still() ? "ok" : "dip";
      } else if (phase == SessionPhase::Countdown || m.events().empty()) {
        const bool off_plate = method::isDropJump(*test) && !m.bodyWeightN();
        s.hold = off_plate   ? QString("On the box: step off at GO")
                 : m.still() ? QString("Still: weighed")
                             : QString("Stand still...");
        s.hold_state = m.still() || off_plate ? "ok" : "dip";
      }
    } else if (!sc.last_jump_text.isEmpty() && phase == SessionPhase::Monitoring) {
      s.trial_peak = sc.last_jump_text;
    }
  } else if (sc.analysed_peak_n && phase == SessionPhase::Monitoring) {
    s.trial_peak = peak_of + newtons(*sc.analysed_peak_n);
  } else if (follower.peak()) {
    s.trial_peak = peak_of + newtons(follower.peak()->second);
  }
  s.best = sc.session_headline;
  if (const auto& hold = follower.hold()) {
    s.hold = QString("Hold %1 s").arg(hold->holdTimeS(), 0, 'f', 1);
    switch (hold->state()) {
      case analysis::HoldBiofeedback::State::Failed:
        s.hold += "  FAILED";
        s.hold_state = "failed";
        break;
      case analysis::HoldBiofeedback::State::Dip:
        s.hold_state = "dip";
        break;
      default:
        s.hold_state = "ok";
    }
  } else if (test && test->target && phase != SessionPhase::Setup) {
    s.hold = QString("Target %1 N").arg(sc.hold_target_n.value_or(0), 0, 'f', 0);
  }
  if (const daq::AcquisitionEngine* engine = sc.engine) {
    s.stats = deviceStatsText(engine->stats(), sc.device_name);
    if (engine->reconnecting()) {
      s.banner =
          "DEVICE DISCONNECTED: reconnecting... Samples until the loss are kept; the "
          "gap is marked in the recording.";
      s.banner_is_error = true;
    } else {
      s.banner = recordingLossText(engine->stats());
    }
  }
  if (const auto& why = sc.simulator_error; why && s.banner.isEmpty()) {
    s.banner = "The built-in simulator stopped: " + q(*why);
    s.banner_is_error = true;
  }
  if (s.banner.isEmpty() && !sc.last_trial_loss.isEmpty() &&
      (phase == SessionPhase::Monitoring || phase == SessionPhase::Saving ||
       phase == SessionPhase::Analysing)) {
    s.banner = sc.last_trial_loss;
  }
  if (!sc.last_error.isEmpty()) {
    s.banner = sc.last_error;
    s.banner_is_error = true;
  }
  s.can_tare = phase == SessionPhase::Monitoring && sc.plan_ready;
  s.can_record = phase == SessionPhase::Monitoring && sc.step < steps.size();
  s.can_stop = phase == SessionPhase::Countdown || phase == SessionPhase::Recording;
  s.can_redo = phase == SessionPhase::Monitoring && sc.last_trial > 0;
  s.can_finish = phase == SessionPhase::Monitoring && sc.trials_saved > 0;
  live->showStatus(s);

  if (!trace_.empty()) {
    ui::LiveTrace trace;
    trace.time_s = trace_.time();
    if (sc.two_plates && trace_.force().size() == 2) {
      const auto& l = trace_.force()[0];
      const auto& r = trace_.force()[1];
      total_.resize(std::min(l.size(), r.size()));
      for (std::size_t i = 0; i < total_.size(); ++i) total_[i] = l[i] + r[i];
      trace.channels.emplace_back(total_);
    }
    for (const auto& c : trace_.force()) trace.channels.emplace_back(c);
    trace.now_s = trace_.time().back();
    if (follower.peak() && !jump &&
        (phase == SessionPhase::Recording || phase == SessionPhase::Saving ||
         phase == SessionPhase::Analysing || sc.analysed_peak_n))
      trace.peak = follower.peak();
    if (follower.jump()) {
      // Take-offs and landings marked on the trace, at body-weight height (at 0 N the marks
      // would sit on the axis, under the flight's trace).
      const double level = follower.jump()->lastBodyWeightN();
      for (const analysis::JumpMonitor::Event& e : follower.jump()->events())
        trace.markers.emplace_back(e.time_s, level);
    }
    live->chart()->showTrace(trace);
    if (!trace_.cop().empty()) live->cop()->showPoints(trace_.cop());
  }
  if (balance && !stance_drawn_) {
    live->stabilogram()->showPath(follower.stancePath());
    live->stabilogram()->showEllipse(stance_ellipse_);
    stance_drawn_ = true;
  }
}

}  // namespace holdfast::station
