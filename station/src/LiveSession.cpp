// The station's controller: construction and teardown, what the session is (its test, side,
// plates), the report's identity. Setup, the trials and the live view are in LiveSession*.cpp.
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

namespace detail {

QString newtons(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f N", v);
  return QString::fromLatin1(text);
}

results::SessionAnalysis analyseAsStored(const store::SessionRecord& s,
                                         const method::TestDefinition& test) {
  return results::analyzeWith(s, results::sessionMethod(s, {test}));
}

const method::TestDefinition* findTest(const std::vector<method::TestDefinition>& all,
                                       const QString& id) {
  for (const method::TestDefinition& p : all) {
    if (q(p.id) == id) return &p;
  }
  return nullptr;
}

}  // namespace detail

LiveSession::LiveSession(StationOptions options, ui::StationWindow& window)
    : options_(std::move(options)),
      window_(window),
      setup_(options_.data_folder, options_.test_library, options_.simulate),
      view_(*window.live()) {
  timer_.setTimerType(Qt::PreciseTimer);
  timer_.setInterval(1000 / std::clamp(options_.ui_hz, 30, 120));
  connect(&timer_, &QTimer::timeout, this, &LiveSession::tick);
  ui::LiveDashboard* live = window_.live();
  connect(window_.setup(), &ui::SetupPage::startRequested, this,
          [this](const ui::SetupChoice& c) { startSession(c); });
  connect(window_.setup(), &ui::SetupPage::newPatientRequested, this,
          [this](const QString& name, const QString& dob, const QString& sex,
                 const QString& record_number, const QString& sport, const QString& level) {
            try {
              registry::ensureDataFolder(options_.data_folder);
              registry::PatientRegistry registry(registry::registryFile(options_.data_folder));
              registry::Patient p;
              p.name = name.toStdString();
              p.date_of_birth = dob.toStdString();
              p.sex = sex.toStdString();
              p.record_number = record_number.toStdString();
              p.sport = sport.toStdString();
              p.sport_level = level.toStdString();
              const registry::Patient added = registry.add(p);
              loadSetup();
              ui::SetupChoice c = window_.setup()->choice();
              c.patient_id = q(added.id);
              window_.setup()->select(c);
              window_.setup()->showMessage("Patient " + q(added.id) + " added.", false);
            } catch (const registry::DuplicatePatient& e) {
              // Not added: the person is most likely the one already registered, selected here
              // (two people sharing name and date of birth: `holdfast patients add
              // --allow-duplicate`).
              ui::SetupChoice c = window_.setup()->choice();
              c.patient_id = q(e.existingId());
              window_.setup()->select(c);
              window_.setup()->showMessage(
                  QString("Not added: ") + e.what() + ". The registered patient is selected.",
                  true);
            } catch (const std::exception& e) {
              window_.setup()->showMessage(QString("Cannot add the patient: ") + e.what(), true);
            }
          });
  connect(live, &ui::LiveDashboard::recordRequested, this, &LiveSession::record);
  connect(live, &ui::LiveDashboard::stopRequested, this, &LiveSession::stop);
  connect(live, &ui::LiveDashboard::tareRequested, this, &LiveSession::tare);
  connect(live, &ui::LiveDashboard::redoRequested, this, &LiveSession::redo);
  connect(live, &ui::LiveDashboard::finishRequested, this, &LiveSession::finish);
  connect(window_.setup(), &ui::SetupPage::bluetoothScanRequested, this,
          &LiveSession::findBluetoothDevices);
  connect(window_.setup(), &ui::SetupPage::patientChanged, this,
          [this](const QString& id) { showHistory(id); });
  connect(window_.setup(), &ui::SetupPage::sessionOpenRequested, this,
          [this](const QString& file) { openRecorded(file); });
  connect(&window_, &ui::StationWindow::openRequested, this,
          [this](const QString& file) { openRecorded(file); });
  window_.setOpenFolder(q((options_.data_folder / "sessions").string()));
  window_.setCloseGuard([this]() -> QString {
    if (phase_ == Phase::Setup || phase_ == Phase::Done) return {};
    if (trials_saved_ == 0 && phase_ == Phase::Monitoring) return {};
    return "The session is not finished: " + QString::number(trials_saved_) +
           " trial(s) are saved, but its results and report are not written yet (Finish and "
           "save). Quit anyway? Saved trials stay in the session file.";
  });
  connect(window_.results(), &ui::ResultsPage::reportRequested, this, [this] {
    if (!shown_file_.empty()) {
      // An earlier session opened from the history or File > Open: its own report.
      const fs::path pdf = registry::reportFileFor(shown_file_);
      try {
        ui::writeClinicalReportPdf({shown_view_}, {reportIdentityFor(shown_view_.patient)},
                                   q(pdf.string()));
        window_.statusBar()->showMessage("Report written: " + q(pdf.string()));
      } catch (const std::exception& e) {
        fail(QString("Cannot write the report: ") + e.what());
      }
      return;
    }
    if (session_file_.empty()) return;
    if (phase_ != Phase::Monitoring && phase_ != Phase::Done) {
      // Not while a trial is being built into the file: the file is about to be replaced.
      window_.statusBar()->showMessage("The report can be written once the trial is saved.");
      return;
    }
    try {
      const store::SessionRecord s = store::readSessionFile(session_file_);
      const results::SessionAnalysis a = analyseAsStored(s, *test_);
      ui::writeClinicalReportPdf({resultsView(session_file_, s, a, *test_)},
                                 {reportIdentityFor(q(s.info.patient_id))},
                                 q(reportFile().string()));
      emit message("Report written: " + q(reportFile().string()), false);
      window_.statusBar()->showMessage("Report written: " + q(reportFile().string()));
    } catch (const std::exception& e) {
      fail(QString("Cannot write the report: ") + e.what());
    }
  });
}

LiveSession::~LiveSession() {
  timer_.stop();
  // Tasks still on their way finish first (each is bounded): a trial being started or ended is
  // stopped and built like any other.
  if (starting_.valid()) {
    try {
      run_ = starting_.get();
    } catch (const std::exception&) {
      // It never started: nothing to stop.
    }
  }
  if (run_) {
    (void)run_->stop(std::string("user_stop"));
    run_.reset();
    try {
      (void)recording::TrialRun::buildSessionFile(session_file_);
    } catch (const std::exception&) {
      // The journal stays for the recovery at the next start.
    }
  }
  if (ending_.valid()) ending_.wait();
  if (analysing_.valid()) analysing_.wait();
  if (finishing_.valid()) finishing_.wait();
  stopEngine();
  simulator_.stop();
}

bool LiveSession::twoPlates() const {
  return test_ && test_->plates == 2 && plan_ && plan_->layout.forceCount() == 2;
}

bool LiveSession::balanceTest() const { return test_ && test_->kind == method::TestKind::Balance; }

double LiveSession::trialDuration() const {
  return options_.trial_seconds.value_or(test_ ? test_->duration_s : 5);
}

bool LiveSession::jumpTest() const { return test_ && test_->kind == method::TestKind::Jump; }

std::string LiveSession::currentCondition() const {
  if (steps_.empty()) return "";
  return steps_[std::min(step_, steps_.size() - 1)].condition;
}

std::string LiveSession::currentSide() const {
  if (steps_.empty()) return "left";
  return steps_[std::min(step_, steps_.size() - 1)].side;
}

std::optional<double> LiveSession::holdTargetN() const {
  if (!test_ || !test_->target) return std::nullopt;
  const method::HoldTarget& t = *test_->target;
  if (!t.percent_of_reference) return t.value;
  return t.reference_n * t.value / 100.0;  // the entered reference (method::withReference)
}

ui::ReportIdentity LiveSession::reportIdentityFor(const QString& patient_id) const {
  return report::reportIdentity(
      options_.data_folder, patient_id.toStdString(),
      options_.pseudonymous_report || window_.setup()->choice().pseudonymous_report);
}

fs::path LiveSession::reportFile() const { return registry::reportFileFor(session_file_); }

void LiveSession::fail(const QString& text) {
  registry::activityLog()->error("station: {}", text.toStdString());
  last_error_ = text;
  emit message(text, true);
}

daq::AcquisitionEngine* LiveSession::activeEngine() {
  if (run_) return &run_->engine();
  return engine_.get();
}

const daq::AcquisitionEngine* LiveSession::activeEngine() const {
  if (run_) return &run_->engine();
  return engine_.get();
}

}  // namespace holdfast::station
