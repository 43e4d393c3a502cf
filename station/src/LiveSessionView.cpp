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
      const double t = view_.trace().append(f, force, cop);
      const bool following = phase_ == Phase::Countdown || phase_ == Phase::Recording;
      if (following && follower_.add(t, force, cop, view_.trace().force().size(),
                                     phase_ == Phase::Recording, twoPlates()))
        view_.stanceChanged();
      newest_ns = f.host_time_ns;
    }
  }
  view_.trace().trim();
  if (newest_ns >= 0 && latency_ms_.size() < 100000) {
    const auto sample_at = engine->startTime() + std::chrono::nanoseconds(newest_ns);
    latency_ms_.push_back(std::chrono::duration<double, std::milli>(now - sample_at).count());
  }
}

bool LiveSession::resolvePlan(const daq::AcquisitionEngine& engine, const wire::Frame& f) {
  try {
    plan_ = recording::resolveRecordingPlan(engine.channels(), recordingOptions());
    plan_raw_channels_ = f.channel_count;
  } catch (const std::exception& e) {
    plan_refused_ = true;
    fail(QString("This device does not fit the test: ") + e.what());
    return false;
  }
  view_.showPlan(*plan_, f.channel_count, twoPlates(), balanceTest(), currentSide(),
                 phase_ == Phase::Countdown);
  return true;
}

void LiveSession::drawLive() {
  LiveScene sc;
  sc.phase = phase_;
  sc.test = test_;
  sc.steps = &steps_;
  sc.step = step_;
  sc.trials_saved = trials_saved_;
  sc.last_trial = last_trial_;
  sc.in_phase_s = std::chrono::duration<double>(Clock::now() - phase_start_).count();
  sc.countdown_s = options_.countdown_seconds.value_or(test_ ? test_->countdown_s : 3);
  sc.duration_s = trialDuration();
  sc.two_plates = twoPlates();
  sc.side = currentSide();
  sc.condition = currentCondition();
  if (const auto it = lever_arm_by_side_.find(sc.side); it != lever_arm_by_side_.end())
    sc.side_lever_arm_m = it->second;
  sc.go_time_s = go_time_s_;
  sc.hold_target_n = holdTargetN();
  sc.analysed_peak_n = analysed_peak_;
  sc.last_jump_text = last_jump_text_;
  if (analysis_) sc.session_headline = session_headline_;
  sc.plan_ready = plan_.has_value();
  sc.engine = activeEngine();
  sc.device_name = choice_.device == "simulator" ? QString("simulator") : q(port_);
  sc.simulator_error = simulator_.error();
  sc.last_trial_loss = last_trial_loss_;
  sc.last_error = last_error_;
  sc.follower = &follower_;
  view_.draw(sc);
}

}  // namespace holdfast::station
