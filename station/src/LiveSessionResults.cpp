// A trial's and a session's results in the station: analysis on a worker thread, the results
// page and what is said after each trial.
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
#include "LiveSessionParts.h"
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

ui::ResultsView LiveSession::resultsView(const fs::path& file, const store::SessionRecord& session,
                                         const results::SessionAnalysis& analysis,
                                         const method::TestDefinition& test) {
  return report::sessionResults(file, session, analysis, test.sem_n);
}

void LiveSession::startAnalysis() {
  phase_ = Phase::Analysing;
  phase_start_ = Clock::now();
  analysing_ = std::async(std::launch::async, [file = session_file_, test = *test_] {
    AnalysedSession done;
    try {
      const store::SessionRecord s = store::readSessionFile(file);
      done.analysis = analyseAsStored(s, test);
      done.view = resultsView(file, s, *done.analysis, test);
    } catch (const std::exception& e) {
      done.error = e.what();
    }
    return done;
  });
}

void LiveSession::analysisDone() {
  AnalysedSession done = analysing_.get();
  phase_ = Phase::Monitoring;
  phase_start_ = Clock::now();
  if (!done.analysis) {
    fail(q("Cannot analyse the session: " + done.error));
    if (last_trial_ > 0) emit trialSaved(last_trial_);  // saved, though not analysed
    return;
  }
  analysis_ = std::move(done.analysis);
  analysed_peak_.reset();
  const bool has_total = std::any_of(
      analysis_->entries.begin(), analysis_->entries.end(),
      [this](const results::ChannelAnalysis& e) { return e.trial == last_trial_ && e.summed; });
  for (const results::ChannelAnalysis& e : analysis_->entries) {
    if (e.trial != last_trial_ || (has_total && !e.summed)) continue;  // two plates: the total
    if (const auto* best = results::bestEffort(e)) {
      if (!analysed_peak_ || best->peak.force_n > *analysed_peak_)
        analysed_peak_ = best->peak.force_n;
    }
  }
  window_.results()->showResults(done.view);
  // The live screen's summary line: the test's own outcome (best peak, hold, critical force)
  // and its left/right comparison, as the results page shows them.
  session_headline_ = done.view.headline;
  if (!done.view.limbs.empty()) {
    const ui::LimbComparisonView& l = done.view.limbs.front();
    session_headline_ += QString("    |    %1asymmetry %2 %")
                             .arg(l.unit == "N" && balanceTest() ? "load " : "")
                             .arg(l.asymmetry_index_percent, 0, 'f', 1);
    if (l.lsi_percent) session_headline_ += QString("   LSI %1 %").arg(*l.lsi_percent, 0, 'f', 1);
  }
  window_.setResultsEnabled(true);
  // Said right after the trial: the live numbers (a hold timer in green) must not stand for an
  // analysis that failed.
  for (const results::ChannelAnalysis& e : analysis_->entries) {
    if (e.trial != last_trial_ || (e.result && !e.result->efforts.empty())) continue;
    fail(q("Trial " + std::to_string(e.trial) + " (" + e.side + ") is saved but " +
           (e.result ? std::string("no effort was found in it")
                     : "it could not be analysed: " + e.error) +
           ". Record it again, or check the device and the test."));
  }
  // A balance trial: its ellipse on the stabilogram, and what went wrong with it, at once.
  for (const results::BalanceTrial& b : analysis_->balance) {
    if (b.trial != last_trial_) continue;
    if (!b.error.empty()) {
      fail(q("Trial " + std::to_string(b.trial) + " (" + b.side +
             ") is saved but it could not be "
             "analysed: " +
             b.error + ". Record it again, or check the plates."));
      continue;
    }
    if (b.sway) {
      const analysis::SwayMetrics& m = *b.sway;
      stance_ellipse_ =
          ui::EllipseView{m.mean_ml_mm,       m.mean_ap_mm,        m.ellipse_major_mm,
                          m.ellipse_minor_mm, m.ellipse_angle_deg, m.ellipse_area_95_mm2};
      stance_drawn_ = false;
    }
    if (b.failure && b.failure->failed)
      emit message(
          q("Trial " + std::to_string(b.trial) + " (" + b.side + "): the stance ended at " +
            std::to_string(static_cast<int>(b.failure->time_to_failure_s * 10) / 10) + " s, " +
            (b.failure->cause == "other_foot_down" ? "the other foot touched down"
                                                   : "the load left the plate") +
            "."),
          false);
  }
  // A jump trial: its result in a line, or why it could not be analysed, at once.
  last_jump_text_.clear();
  for (const results::JumpTrial& jt : analysis_->jumps) {
    if (jt.trial != last_trial_) continue;
    const std::string trial = "Trial " + std::to_string(jt.trial) + " (" + jt.side + ")";
    if (!jt.error.empty()) {
      fail(q(trial + " is saved but it could not be analysed: " + jt.error +
             ". Record it again: stand still on the plates before the jump."));
      continue;
    }
    const analysis::Jump* j = results::bestJump(jt);
    if (!j) continue;
    char line[160];
    if (jt.result->hops && !jt.result->hops->best5.empty()) {
      std::snprintf(line, sizeof line, "%d hops: best 5 RSI %.2f, contact %.3f s",
                    jt.result->hops->count, jt.result->hops->best5_rsi_mean,
                    jt.result->hops->best5_contact_time_mean_s);
    } else if (j->rsi) {
      std::snprintf(line, sizeof line, "RSI %.2f: contact %.3f s, height %.1f cm", *j->rsi,
                    j->contact_time_s.value_or(0.0),
                    j->jump_height_flight_time_m.value_or(0.0) * 100.0);
    } else if (j->jump_height_impulse_m) {
      std::snprintf(line, sizeof line, "Jump height %.1f cm, RSI-mod %.2f",
                    *j->jump_height_impulse_m * 100.0, j->rsi_modified.value_or(0.0));
    } else {
      std::snprintf(line, sizeof line, "Jump height %.1f cm (flight time)",
                    j->jump_height_flight_time_m.value_or(0.0) * 100.0);
    }
    last_jump_text_ = line;
    std::string flags;
    for (const auto& f : j->quality_flags) flags += (flags.empty() ? "" : ", ") + f;
    if (!flags.empty()) emit message(q(trial + ": " + flags), false);
  }
  // A critical-force trial without critical force, or with fewer reps than the test asks for.
  for (const results::ChannelAnalysis& e : analysis_->entries) {
    if (e.trial != last_trial_ || !e.result || e.result->efforts.empty()) continue;
    const std::string trial = "Trial " + std::to_string(e.trial) + " (" + e.side + "): ";
    if (!e.result->critical_force_error.empty()) {
      fail(q(trial + "no critical force: " + e.result->critical_force_error + "."));
    } else if (e.result->critical_force && !e.result->critical_force->warning().empty()) {
      emit message(q(trial + e.result->critical_force->warning() + "."), false);
    }
  }
  if (last_trial_ > 0) emit trialSaved(last_trial_);
}

}  // namespace holdfast::station
