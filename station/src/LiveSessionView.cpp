// The live view: the display stream drained each tick (the plan resolved for the device's
// channels, peaks, the hold, the jump and the stance followed), and the chart, stabilogram and
// status drawn.
#include "holdfast/station/LiveSession.h"

#include "holdfast/analysis/CentreOfPressure.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSettings>
#include <QStatusBar>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "LiveSessionParts.h"
#include "holdfast/daq/SerialPortList.h"
#include "holdfast/registry/ActivityLog.h"
#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/registry/ReportFile.h"
#include "holdfast/report/RecordedSession.h"
#include "holdfast/report/SessionResults.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/ResultsTable.h"
#include "holdfast/results/SessionHistory.h"
#include "holdfast/results/SessionMethod.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/station/StationStatus.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/ui/ClinicalReport.h"
#include "holdfast/ui/LiveChartView.h"
#include "holdfast/ui/LiveDashboard.h"
#include "holdfast/ui/ResultsPage.h"
#include "holdfast/ui/SetupPage.h"
#include "holdfast/ui/StationWindow.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::station {

using namespace detail;  // NOLINT(google-build-using-namespace)

void LiveSession::drainDisplay() {
  daq::AcquisitionEngine* engine = activeEngine();
  if (!engine) return;
  frames_.resize(4096);
  daq::SpscRing<wire::Frame>& ring = engine->displayRing();
  std::size_t n = 0;
  const auto now = Clock::now();
  std::int64_t newest_ns = -1;
  while ((n = ring.popBulk(frames_)) > 0) {
    for (std::size_t i = 0; i < n; ++i) {
      const wire::Frame& f = frames_[i];
      // A device that does not fit the test is said once per engine, not once per frame.
      if ((!plan_ || plan_raw_channels_ != f.channel_count) &&
          (plan_refused_ || !resolvePlan(*engine, f)))
        continue;
      double force[wire::kMaxChannels];
      double cop[wire::kMaxChannels];
      plan_->layout.apply(f, plan_->calibration, force, cop);
      const double t = trace_.append(f, force, cop);
      const bool following = phase_ == Phase::Countdown || phase_ == Phase::Recording;
      if (following && follower_.add(t, force, cop, trace_.force().size(),
                                     phase_ == Phase::Recording, twoPlates()))
        stance_drawn_ = false;
      newest_ns = f.host_time_ns;
    }
  }
  trace_.trim();
  if (newest_ns >= 0 && latency_ms_.size() < 100000) {
    const auto sample_at = engine->startTime() + std::chrono::nanoseconds(newest_ns);
    latency_ms_.push_back(std::chrono::duration<double, std::milli>(now - sample_at).count());
  }
}

bool LiveSession::resolvePlan(const daq::AcquisitionEngine& engine, const wire::Frame& f) {
  const QStringList before = force_names_;  // what the picture shows now
  try {
    plan_ = recording::resolveRecordingPlan(engine.channels(), recordingOptions());
    plan_raw_channels_ = f.channel_count;
  } catch (const std::exception& e) {
    plan_refused_ = true;
    fail(QString("This device does not fit the test: ") + e.what());
    return false;
  }
  // A new engine on the same device (monitoring <-> recording) keeps the picture.
  QStringList names;
  for (const std::string& force_name : plan_->layout.forceNames()) names << q(force_name);
  // Colours and legend follow the trial's side (one sensor moved from limb to limb).
  QStringList labels, sides;
  for (const std::string& name : plan_->layout.forceNames()) {
    const std::string side = name.find("right") != std::string::npos  ? "right"
                             : name.find("left") != std::string::npos ? "left"
                                                                      : currentSide();
    labels << q(plan_->layout.forceCount() == 1 ? side : name) + " (N)";
    sides << q(side);
  }
  if (twoPlates()) {
    // The sum of both plates is drawn first: the test's primary force.
    labels.prepend("total (N)");
    sides.prepend("total");
  }
  // Re-coloured when a trial starts (its side), not when monitoring resumes after it.
  if (names != before || phase_ == Phase::Countdown)
    window_.live()->chart()->setChannels(labels, sides);
  if (names == before && trace_.force().size() == static_cast<std::size_t>(before.size())) {
    trace_.keepPicture(f.channel_count);
  } else {
    trace_.reset(plan_->layout.forceCount(), plan_->layout.plates().size(), f.channel_count);
    force_names_ = names;
    window_.live()->setBalanceMode(balanceTest());
    window_.live()->setCopVisible(!plan_->layout.plates().empty());
    QStringList plate_sides;
    for (const auto& p : plan_->layout.plates()) plate_sides << q(p.name);
    window_.live()->cop()->setPlates(plate_sides, 400.0, 600.0);
  }
  return true;
}

void LiveSession::drawLive() {
  ui::LiveDashboard* live = window_.live();
  if (balanceTest() && phase_ == Phase::Monitoring && stance_choice_step_ != step_) {
    // A new step: its planned conditions, until the clinician changes them.
    live->setStanceChoice(q(currentCondition().empty() ? "eyes-open" : currentCondition()),
                          q(test_->surface));
    stance_choice_step_ = step_;
  }
  ui::LiveStatus s;
  if (test_) s.step = stepText(steps_, step_, test_->trials_per_side);
  const double in_phase = std::chrono::duration<double>(Clock::now() - phase_start_).count();
  const double countdown = options_.countdown_seconds.value_or(test_ ? test_->countdown_s : 3);
  switch (phase_) {
    case Phase::Monitoring: {
      const double rest = test_ ? test_->rest_s : 0;
      if (trials_saved_ > 0 && in_phase < rest && step_ < steps_.size()) {
        const int left_s = static_cast<int>(std::ceil(rest - in_phase));
        s.state = QString("Rest %1:%2").arg(left_s / 60).arg(left_s % 60, 2, 10, QChar('0'));
      } else {
        s.state = step_ < steps_.size() ? "Ready" : "Done";
      }
      break;
    }
    case Phase::Countdown:
      s.state = QString::number(static_cast<int>(std::ceil(countdown - in_phase)));
      break;
    case Phase::Recording:
      if (balanceTest()) {
        const double duration = options_.trial_seconds.value_or(test_->duration_s);
        s.state = QString("Stance %1 / %2 s").arg(in_phase, 0, 'f', 1).arg(duration, 0, 'f', 0);
      } else {
        s.state = test_ && test_->reps ? repCue(*test_->reps, in_phase)
                                       : QString("GO!  %1 s").arg(in_phase, 0, 'f', 1);
      }
      break;
    case Phase::Starting:
      s.state = "Starting...";
      break;
    case Phase::Saving:
      s.state = "Saving...";
      break;
    case Phase::Analysing:
      s.state = "Analysing...";
      break;
    case Phase::Finishing:
      s.state = "Finishing...";
      break;
    default:
      s.state = "";
  }
  const auto& force = trace_.force();
  const QString peak_of = twoPlates() ? QString("Peak total ") : QString("Peak ");
  if (!force.empty() && !force[0].empty()) {
    QStringList now;
    if (twoPlates() && force.size() == 2)
      now << QString("Total %1 N").arg(force[0].back() + force[1].back(), 0, 'f', 0);
    for (std::size_t c = 0; c < force.size(); ++c) {
      // plan_ is reset while a new engine starts; the names drawn stay those of the picture.
      const QString name = force_names_.value(static_cast<qsizetype>(c));
      now << (force.size() > 1 ? name.left(1).toUpper() + " " : QString()) +
                 QString("%1 N").arg(force[c].back(), 0, 'f', 0);
    }
    s.force_now = now.join("  ");
  }
  if (balanceTest()) {
    // A stance has no peak: its weight, and how it is shared between the feet.
    if (!force.empty() && !force[0].empty()) {
      double total = 0.0;
      for (const auto& c : force) total += c.back();
      s.trial_peak = QString("Weight %1 N").arg(total, 0, 'f', 0);
      if (force.size() == 2 && total > 20.0 && currentSide() == "both")
        s.load_left_percent = 100.0 * force[0].back() / total;
    }
    if (const auto down = follower_.touchDownAt(); down && phase_ == Phase::Recording) {
      s.hold = QString("Foot down at %1 s").arg(*down - go_time_s_, 0, 'f', 1);
      s.hold_state = "failed";
    }
  } else if (jumpTest()) {
    // The weighing, the flight, the landing: what the athlete is told and the clinician sees.
    if (follower_.jump() && (phase_ == Phase::Countdown || phase_ == Phase::Recording)) {
      const analysis::JumpMonitor& m = *follower_.jump();
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
      } else if (phase_ == Phase::Countdown || m.events().empty()) {
        const bool off_plate = method::isDropJump(*test_) && !m.bodyWeightN();
        s.hold = off_plate   ? QString("On the box: step off at GO")
                 : m.still() ? QString("Still: weighed")
                             : QString("Stand still...");
        s.hold_state = m.still() || off_plate ? "ok" : "dip";
      }
    } else if (!last_jump_text_.isEmpty() && phase_ == Phase::Monitoring) {
      s.trial_peak = last_jump_text_;
    }
  } else if (analysed_peak_ && phase_ == Phase::Monitoring) {
    s.trial_peak = peak_of + newtons(*analysed_peak_);
  } else if (follower_.peak()) {
    s.trial_peak = peak_of + newtons(follower_.peak()->second);
  }
  if (analysis_) s.best = session_headline_;
  if (const auto& hold = follower_.hold()) {
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
  } else if (test_ && test_->target && phase_ != Phase::Setup) {
    s.hold = QString("Target %1 N").arg(holdTargetN().value_or(0), 0, 'f', 0);
  }
  if (const daq::AcquisitionEngine* engine = activeEngine()) {
    s.stats = deviceStatsText(engine->stats(),
                              choice_.device == "simulator" ? QString("simulator") : q(port_));
    if (engine->reconnecting()) {
      s.banner =
          "DEVICE DISCONNECTED: reconnecting... Samples until the loss are kept; the "
          "gap is marked in the recording.";
      s.banner_is_error = true;
    } else {
      s.banner = recordingLossText(engine->stats());
    }
  }
  if (const auto why = simulator_.error(); why && s.banner.isEmpty()) {
    s.banner = "The built-in simulator stopped: " + q(*why);
    s.banner_is_error = true;
  }
  if (s.banner.isEmpty() && !last_trial_loss_.isEmpty() &&
      (phase_ == Phase::Monitoring || phase_ == Phase::Saving || phase_ == Phase::Analysing)) {
    s.banner = last_trial_loss_;
  }
  if (!last_error_.isEmpty()) {
    s.banner = last_error_;
    s.banner_is_error = true;
  }
  s.can_tare = phase_ == Phase::Monitoring && plan_.has_value();
  s.can_record = phase_ == Phase::Monitoring && step_ < steps_.size();
  s.can_stop = phase_ == Phase::Countdown || phase_ == Phase::Recording;
  s.can_redo = phase_ == Phase::Monitoring && last_trial_ > 0;
  s.can_finish = phase_ == Phase::Monitoring && trials_saved_ > 0;
  live->showStatus(s);

  if (!trace_.empty()) {
    ui::LiveTrace trace;
    trace.time_s = trace_.time();
    if (twoPlates() && trace_.force().size() == 2) {
      const auto& l = trace_.force()[0];
      const auto& r = trace_.force()[1];
      total_.resize(std::min(l.size(), r.size()));
      for (std::size_t i = 0; i < total_.size(); ++i) total_[i] = l[i] + r[i];
      trace.channels.emplace_back(total_);
    }
    for (const auto& c : trace_.force()) trace.channels.emplace_back(c);
    trace.now_s = trace_.time().back();
    if (follower_.peak() && !jumpTest() &&
        (phase_ == Phase::Recording || phase_ == Phase::Saving || phase_ == Phase::Analysing ||
         analysed_peak_))
      trace.peak = follower_.peak();
    if (follower_.jump()) {
      // Take-offs and landings marked on the trace, at body-weight height (at 0 N the marks
      // would sit on the axis, under the flight's trace).
      const double level = follower_.jump()->lastBodyWeightN();
      for (const analysis::JumpMonitor::Event& e : follower_.jump()->events())
        trace.markers.emplace_back(e.time_s, level);
    }
    live->chart()->showTrace(trace);
    if (!trace_.cop().empty()) live->cop()->showPoints(trace_.cop());
  }
  if (balanceTest() && !stance_drawn_) {
    live->stabilogram()->showPath(follower_.stancePath());
    live->stabilogram()->showEllipse(stance_ellipse_);
    stance_drawn_ = true;
  }
}

}  // namespace holdfast::station
