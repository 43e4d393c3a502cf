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
#include "holdfast/results/SessionReport.h"
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
      done.report = results::sessionReport(file, s, *done.analysis, test.sem_n);
      done.view = report::resultsView(done.report, s);
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
  const results::SessionReport& report = done.report;
  // The trial's peak as analysed (two plates: the total).
  analysed_peak_.reset();
  const bool has_total =
      std::any_of(report.efforts.begin(), report.efforts.end(),
                  [this](const auto& e) { return e.trial == last_trial_ && e.side == "total"; });
  for (const results::EffortRow& e : report.efforts) {
    if (e.trial != last_trial_ || !e.best_of_trial || !e.peak_n) continue;
    if (has_total && e.side != "total") continue;
    if (!analysed_peak_ || *e.peak_n > *analysed_peak_) analysed_peak_ = e.peak_n;
  }
  window_.results()->showResults(done.view);
  // The live screen's summary line: the test's outcome and its left/right comparison.
  session_headline_ = q(report.summary_line);
  window_.setResultsEnabled(true);
  // A balance trial: its ellipse on the stabilogram at once.
  for (const results::StanceRow& st : report.stances) {
    if (st.trial != last_trial_ || !st.ellipse) continue;
    const results::EllipseRow& e = *st.ellipse;
    view_.showEllipse(ui::EllipseView{e.centre_ml_mm, e.centre_ap_mm, e.semi_major_mm,
                                      e.semi_minor_mm, e.angle_deg, e.area_mm2});
  }
  // What the report says of this trial, right after it: a problem in red (the live numbers, a
  // hold timer in green, must not stand for an analysis that failed), a note, or its result.
  last_jump_text_.clear();
  for (const results::TrialNotice& n : report.notices) {
    if (n.trial != last_trial_) continue;
    switch (n.kind) {
      case results::TrialNotice::Kind::Problem:
        fail(q(n.text));
        break;
      case results::TrialNotice::Kind::Note:
        emit message(q(n.text), false);
        break;
      case results::TrialNotice::Kind::Result:
        last_jump_text_ = q(n.text);
        break;
    }
  }
  if (last_trial_ > 0) emit trialSaved(last_trial_);
}

}  // namespace holdfast::station
