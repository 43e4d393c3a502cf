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

bool LiveSession::twoPlates() const {
  return test_ && test_->plates == 2 && plan_ && plan_->layout.forceCount() == 2;
}

/// The cue of a critical-force test `in_recording` seconds after go: which rep, pull or rest,
/// and the seconds left of it (the patient follows these, as the simulated one does).
QString repCue(const method::RepSchedule& reps, double in_recording) {
  const double cycle = reps.on_s + reps.off_s;
  const int k = static_cast<int>(std::floor(in_recording / cycle));
  if (k >= reps.count) return QString("All %1 reps done: relax").arg(reps.count);
  const double within = in_recording - cycle * k;
  if (within < reps.on_s)
    return QString("Rep %1 of %2:  PULL  %3 s")
        .arg(k + 1)
        .arg(reps.count)
        .arg(std::ceil(reps.on_s - within), 0, 'f', 0);
  return QString("Rep %1 of %2 done:  rest  %3 s")
      .arg(k + 1)
      .arg(reps.count)
      .arg(std::ceil(cycle - within), 0, 'f', 0);
}

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kSimulatorRateHz = 1000.0;

QString q(const std::string& s) { return QString::fromStdString(s); }

/// "377.2 N", rounded as the results' headline rounds (printf: an exact tie such as 377.25 goes
/// to even); QString::number rounds it up, and the live page once said 377.3 beside 377.2.
QString newtons(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f N", v);
  return QString::fromLatin1(text);
}

std::string fileDate() { return store::localDayToday(); }

/// The session analysed as `holdfast analyze` would: with the test stored in it (the one this
/// session runs: method::withReference), so the station and every command give one answer.
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

}  // namespace

LiveSession::LiveSession(StationOptions options, ui::StationWindow& window)
    : options_(std::move(options)), window_(window) {
  timer_.setTimerType(Qt::PreciseTimer);
  timer_.setInterval(1000 / std::clamp(options_.ui_hz, 30, 120));
  connect(&timer_, &QTimer::timeout, this, &LiveSession::tick);
  ui::LiveDashboard* live = window_.live();
  connect(window_.setup(), &ui::SetupPage::startRequested, this,
          [this](const ui::SetupChoice& c) { startSession(c); });
  connect(window_.setup(), &ui::SetupPage::newPatientRequested, this,
          [this](const QString& name, const QString& dob, const QString& sex,
                 const QString& record_number) {
            try {
              registry::ensureDataFolder(options_.data_folder);
              registry::PatientRegistry registry(registry::registryFile(options_.data_folder));
              registry::Patient p;
              p.name = name.toStdString();
              p.date_of_birth = dob.toStdString();
              p.sex = sex.toStdString();
              p.record_number = record_number.toStdString();
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
      // HDF5 1.10 is not thread-safe: never read the file while a trial is being built into it.
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

ui::ReportIdentity LiveSession::reportIdentityFor(const QString& patient_id) const {
  return report::reportIdentity(
      options_.data_folder, patient_id.toStdString(),
      options_.pseudonymous_report || window_.setup()->choice().pseudonymous_report);
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

void LiveSession::showHistory(const QString& patient_id) {
  // Metadata and stored results only (no samples): quick, and on the GUI thread because HDF5
  // 1.10 is not thread-safe: only between sessions, when no worker reads or builds a file (a
  // patient chosen in the Setup tab during a session is listed when the session is done).
  if (phase_ != Phase::Setup && phase_ != Phase::Done) return;
  std::vector<ui::SessionHistoryRow> rows;
  if (!patient_id.isEmpty()) {
    for (const results::SessionHistoryEntry& h :
         results::patientHistory(options_.data_folder, patient_id.toStdString())) {
      ui::SessionHistoryRow r;
      r.file = q(h.file.string());
      r.when = q(h.when);
      r.test = q(h.test);
      r.trials = static_cast<int>(h.trials);
      r.headline = h.problem.empty() ? q(h.headline) : "cannot be read: " + q(h.problem);
      r.verdict = q(h.verdict);
      rows.push_back(std::move(r));
    }
  }
  window_.setup()->setHistory(rows);
}

bool LiveSession::openRecorded(const QString& file) {
  if (phase_ != Phase::Setup && phase_ != Phase::Done) {
    // Never read a file while a trial is being recorded or built (HDF5 is not thread-safe).
    window_.statusBar()->showMessage(
        "Finish the session first: a recorded session opens from "
        "the Setup page.");
    return false;
  }
  try {
    shown_view_ = report::recordedSessionViews(file.toStdString(), options_.test_library).results;
    shown_file_ = file.toStdString();
    window_.results()->showResults(shown_view_);
    window_.setResultsEnabled(true);
    window_.showPage(ui::StationWindow::Results);
    window_.statusBar()->showMessage("Showing the recorded session " + file);
    return true;
  } catch (const std::exception& e) {
    window_.setup()->showMessage("Cannot open " + file + ": " + e.what(), true);
    return false;
  }
}

bool LiveSession::loadSetup() {
  ui::SetupOptions o;
  try {
    tests_ = method::loadTestLibrary(options_.test_library);
    // The simulator's part of each test is checked here, where the simulator is used.
    for (const method::TestDefinition& t : tests_)
      (void)simulator::parseSimulatedPatient(t.simulator_json, t.file.string());
  } catch (const std::exception& e) {
    window_.setup()->showMessage(QString("Test library: ") + e.what(), true);
    return false;
  }
  for (const method::TestDefinition& p : tests_) {
    o.test_ids << q(p.id);
    o.test_names << q(p.name);
    o.test_descriptions << q(p.description);
    o.test_kinds << q(p.kindName());
    o.test_reference_n.push_back(p.target && p.target->percent_of_reference ? p.target->reference_n
                                                                            : 0.0);
    o.test_box_height_m.push_back(method::isDropJump(p) ? p.method.jump.box_height_m.value_or(0.3)
                                                        : 0.0);
  }
  try {
    const fs::path registry = registry::registryFile(options_.data_folder);
    std::error_code ec;
    if (fs::exists(registry, ec)) {
      for (const registry::Patient& p : registry::PatientRegistry(registry).list()) {
        o.patient_ids << q(p.id);
        // The station's screen is where the clinician needs the name; files never get it.
        // Name, date of birth and record number tell two people of the same name apart.
        o.patient_labels << q(p.id + "   " + p.name + "   born " + p.date_of_birth +
                              (p.record_number.empty() ? "" : "   record " + p.record_number));
      }
    }
  } catch (const std::exception& e) {
    window_.setup()->showMessage(QString("Patient registry: ") + e.what(), true);
  }
  std::vector<daq::SerialPortInfo> ports;
  try {
    ports = daq::listSerialPorts();
  } catch (const std::exception&) {
    // No port list (no USB subsystem in a container): the simulator is still offered.
  }
  const QString simulator = "Built-in simulator (simulated patient)";
  if (options_.simulate || ports.empty()) {
    o.device_values << "simulator";
    o.device_labels << simulator;
  }
  for (const auto& p : ports) {
    o.device_values << q(p.path);
    o.device_labels << q(p.path + "  " + p.description);
  }
  if (!options_.simulate && !ports.empty()) {
    o.device_values << "simulator";
    o.device_labels << simulator;
  }
  for (const std::string& w : wire::protocolNames()) o.wire_protocols << q(w);
  window_.setup()->setOptions(o);
  QSettings settings;
  ui::SetupChoice last;
  last.patient_id = settings.value("session/patient").toString();
  last.test_id = settings.value("session/test").toString();
  last.device =
      options_.simulate ? QString("simulator") : settings.value("session/device").toString();
  last.wire_protocol = settings.value("session/wire", "csv").toString();
  last.operator_name = settings.value("session/operator").toString();
  last.pseudonymous_report = settings.value("report/pseudonymous", false).toBool();
  window_.setup()->select(last);
  showHistory(window_.setup()->choice().patient_id);
  return true;
}

bool LiveSession::startSession(const ui::SetupChoice& choice) {
  if (phase_ != Phase::Setup && phase_ != Phase::Done) {
    window_.setup()->showMessage("A session is in progress: finish it first.", true);
    return false;
  }
  shown_file_.clear();  // the Results page shows this session from now on
  const method::TestDefinition* test = findTest(tests_, choice.test_id);
  if (!test) {
    // Said on the page and in the activity log: a session that does not start says why.
    QString why = "Choose a test.";
    if (!choice.test_id.isEmpty()) {
      std::vector<std::string> ids;
      for (const method::TestDefinition& t : tests_) ids.push_back(t.id);
      const std::string message =
          wire::unknownNameMessage("test", choice.test_id.toStdString(), ids);
      registry::activityLog()->warn("the session did not start: {}", message);
      why = q(message);
    }
    window_.setup()->showMessage(why, true);
    return false;
  }
  if (choice.patient_id.isEmpty()) {
    window_.setup()->showMessage("Choose or add a patient.", true);
    return false;
  }
  std::optional<method::TestDefinition> recorded;
  try {
    // The test as this session runs it travels with the session file.
    recorded = method::withBoxHeight(method::withReference(*test, choice.reference_n),
                                     choice.box_height_m);
    registry::ensureDataFolder(options_.data_folder);
    registry::PatientRegistry registry(registry::registryFile(options_.data_folder));
    const auto patient = registry.find(choice.patient_id.toStdString());
    if (!patient)
      throw std::runtime_error("patient " + choice.patient_id.toStdString() +
                               " is not in the registry");
    if (!patient->merged_into.empty())
      throw std::runtime_error("patient " + patient->id + " was merged into " +
                               patient->merged_into + ": choose " + patient->merged_into);
    store::SessionInfo info;
    info.patient_id = patient->id;
    info.test = test->id;
    info.involved = choice.involved.toStdString();
    if (choice.body_mass_kg > 0) info.body_mass_kg = choice.body_mass_kg;
    info.sex = patient->sex;
    info.created_utc = store::isoUtcNow();
    info.created_local = store::isoLocalNow();
    info.age_years = registry::ageInYears(patient->date_of_birth, info.created_local);
    info.operator_name = choice.operator_name.toStdString();
    info.software_version = HOLDFAST_VERSION;
    info.test_definition = recorded->definition_json;
    const fs::path folder = registry::patientSessionFolder(options_.data_folder, patient->id);
    std::error_code mkdir_ec;
    fs::create_directories(folder, mkdir_ec);  // 0700: the process umask is 077
    if (mkdir_ec)
      throw std::runtime_error("cannot create " + folder.string() + ": " + mkdir_ec.message());
    fs::path file = folder / (fileDate() + "_" + test->id + ".h5");
    for (int k = 2; fs::exists(file) || fs::exists(store::journalPathFor(file)); ++k)
      file = folder / (fileDate() + "_" + test->id + "-" + std::to_string(k) + ".h5");
    registry::requireInside(options_.data_folder, file);
    session_info_ = info;
    session_file_ = file;
  } catch (const std::exception& e) {
    window_.setup()->showMessage(QString("Cannot start: ") + e.what(), true);
    return false;
  }
  choice_ = choice;
  session_test_ = std::move(recorded);
  test_ = &*session_test_;
  simulated_patient_ =
      simulator::parseSimulatedPatient(test_->simulator_json, test_->file.string());
  steps_ = test_->steps();
  step_ = 0;
  stance_choice_step_ = static_cast<std::size_t>(-1);
  trials_saved_ = 0;
  last_trial_ = 0;
  tare_.reset();
  analysis_.reset();
  session_headline_.clear();
  plan_.reset();
  last_error_.clear();
  session_start_ = Clock::now();
  try {
    if (choice.device == "simulator") {
      startSimulator();
    } else {
      port_ = choice.device.toStdString();
    }
    startMonitoring();
  } catch (const std::exception& e) {
    stopEngine();
    simulator_.stop();
    window_.setup()->showMessage(QString("Cannot open the device: ") + e.what(), true);
    return false;
  }
  registry::activityLog()->info("station: session of patient '{}', test '{}' on {} into {}",
                                session_info_.patient_id, test->id, choice.device.toStdString(),
                                session_file_.string());
  QSettings settings;
  settings.setValue("session/patient", choice.patient_id);
  settings.setValue("session/test", choice.test_id);
  settings.setValue("session/device", choice.device);
  settings.setValue("session/wire", choice.wire_protocol);
  settings.setValue("session/operator", choice.operator_name);
  settings.setValue("report/pseudonymous", choice.pseudonymous_report);
  window_.setRecordEnabled(true);
  window_.showPage(ui::StationWindow::Record);
  window_.setWindowTitle("Holdfast station - " + q(session_info_.patient_id) + " - " +
                         q(test->name));
  window_.live()->chart()->setBand(std::nullopt);
  timer_.start();
  return true;
}

void LiveSession::startSimulator() {
  simulator::SimulatorConfig c;
  c.protocol = "csv";
  c.rate_hz = kSimulatorRateHz;
  const simulator::SimulatedPatient& p = simulated_patient_;
  c.scenario.name = p.scenario;
  c.scenario.on_cue = true;  // the simulated patient starts when the countdown says go
  if (test_->reps) {
    c.scenario.reps = test_->reps->count;
    c.scenario.rep_on_s = test_->reps->on_s;
    c.scenario.rep_off_s = test_->reps->off_s;
  }
  c.scenario.peak_n = p.peak_n;
  c.scenario.hold_s = p.hold_s;
  c.scenario.rest_s = 2.0;
  c.scenario.seed = static_cast<std::uint64_t>(std::time(nullptr));
  const bool both = std::count(test_->sides.begin(), test_->sides.end(), "both") > 0;
  c.scenario.channels = both ? 2 : 1;
  // Channel 2 is the right side: the deficit makes it the weaker one.
  c.scenario.deficit_percent = both && p.weaker_side == "right" ? p.deficit_percent : 0.0;
  if (test_->plates > 0) {
    // Each scenario channel is a plate whose force the simulator spreads over 4 load cells.
    c.cells_per_plate = 4;
    c.scenario.channels = test_->plates;
    c.scenario.preload_n = 350.0;  // standing still: half the body weight on each plate
  }
  if (test_->kind == method::TestKind::Jump) {
    // A person standing on the plates (a drop jump: on the box) who jumps at each go.
    c.scenario.preload_n = 0.0;
    c.scenario.mass_kg = p.mass_kg;
    c.scenario.jump_height_m = p.jump_height_m;
    c.scenario.contact_time_s = p.contact_time_s;
    // The simulated athlete steps off the box the clinician entered.
    c.scenario.box_height_m = test_->method.jump.box_height_m.value_or(p.box_height_m);
    c.scenario.weaker_side = p.weaker_side;
    c.scenario.deficit_percent = test_->plates == 2 ? p.deficit_percent : 0.0;
  }
  if (balanceTest()) {
    // A person standing on the plates; each trial's go sets the stance and the eyes.
    c.scenario.on_cue = false;
    c.scenario.preload_n = 0.0;
    c.scenario.sway_mm = p.sway_mm;
    c.scenario.weaker_side = p.weaker_side;
    c.scenario.deficit_percent = p.deficit_percent;
    c.scenario.plate_pitch_mm = 400.0;  // RecordingOptions' default pitch: the plate width
  }
  if (!options_.simulator_faults.empty())
    c.faults = simulator::parseSimulatorFaults(options_.simulator_faults);
  simulator_.start(c);
  port_ = simulator_.port();
}

daq::AcquisitionConfig LiveSession::engineConfig() const {
  daq::AcquisitionConfig c;
  c.port = port_;
  const wire::ProtocolDescription& wire = wire::describeProtocol(
      choice_.device == "simulator" ? std::string("csv") : choice_.wire_protocol.toStdString());
  c.protocol = wire.protocol;
  c.baud_rate = wire.default_baud;
  c.reconnect.enabled = true;
  c.reconnect.give_up_after = std::chrono::milliseconds(0);  // keep trying; the banner shows it
  return c;
}

recording::RecordingOptions LiveSession::recordingOptions() const {
  recording::RecordingOptions o;
  o.side = currentSide();
  o.plates = static_cast<std::size_t>(test_->plates);
  o.stored = tare_;
  return o;
}

std::optional<double> LiveSession::touchDownAt() const {
  if (!stance_monitor_ || !stance_monitor_->touchDownS()) return std::nullopt;
  return go_time_s_ + *stance_monitor_->touchDownS();
}

bool LiveSession::balanceTest() const { return test_ && test_->kind == method::TestKind::Balance; }

bool LiveSession::jumpTest() const { return test_ && test_->kind == method::TestKind::Jump; }

std::string LiveSession::currentCondition() const {
  if (steps_.empty()) return "";
  return steps_[std::min(step_, steps_.size() - 1)].condition;
}

std::string LiveSession::currentSide() const {
  if (steps_.empty()) return "left";
  return steps_[std::min(step_, steps_.size() - 1)].side;
}

daq::AcquisitionEngine* LiveSession::activeEngine() {
  if (run_) return &run_->engine();
  return engine_.get();
}

const daq::AcquisitionEngine* LiveSession::activeEngine() const {
  if (run_) return &run_->engine();
  return engine_.get();
}

void LiveSession::startMonitoring() {
  stopEngine();
  engine_ = std::make_unique<daq::AcquisitionEngine>(engineConfig(), discard_);
  engine_->start();
  trace_.newEngine(std::chrono::duration<double>(engine_->startTime() - session_start_).count());
  plan_.reset();
  plan_refused_ = false;
  phase_ = Phase::Monitoring;
  phase_start_ = Clock::now();
}

void LiveSession::stopEngine() {
  if (engine_) engine_->stop();
  engine_.reset();
}

void LiveSession::record() {
  if (phase_ != Phase::Monitoring || step_ >= steps_.size()) return;
  recording::TrialSetup setup;
  setup.session_file = session_file_;
  setup.session = session_info_;
  setup.trial.side = currentSide();
  setup.trial.protocol = wire::describeProtocol(engineConfig().protocol).name;
  setup.trial.port = choice_.device == "simulator" ? "simulator" : port_;
  setup.trial.device_model = choice_.device == "simulator"
                                 ? "Holdfast built-in simulator"
                                 : wire::describeProtocol(engineConfig().protocol).device;
  setup.recording = recordingOptions();
  setup.device = engineConfig();
  if (balanceTest()) {
    // The conditions the clinician left on the record page (preset from the test's plan).
    setup.trial.condition = window_.live()->chosenCondition().toStdString();
    setup.trial.surface = window_.live()->chosenSurface().toStdString();
    trial_condition_ = setup.trial.condition;
  }
  // The monitoring engine lets go of the port and the trial's engine opens it, off the GUI
  // thread: a device that does not answer its stop command makes the stop wait.
  phase_ = Phase::Starting;
  phase_start_ = Clock::now();
  starting_ = std::async(std::launch::async,
                         [monitor = std::move(engine_), setup = std::move(setup)]() mutable {
                           if (monitor) (void)monitor->stop();
                           monitor.reset();
                           auto run = std::make_unique<recording::TrialRun>(std::move(setup));
                           run->start();
                           return run;
                         });
  drawLive();  // the buttons follow the phase at once, not at the next tick
}

void LiveSession::trialStarted() {
  try {
    run_ = starting_.get();
    trace_.newEngine(
        std::chrono::duration<double>(run_->engine().startTime() - session_start_).count());
    plan_refused_ = false;
  } catch (const std::exception& e) {
    run_.reset();
    fail(QString("Cannot start recording: ") + e.what());
    try {
      startMonitoring();
    } catch (const std::exception& again) {
      fail(QString("The device is gone: ") + again.what());
      phase_ = Phase::Monitoring;
    }
    return;
  }
  plan_.reset();
  last_trial_loss_.clear();
  frames_missed_ = 0;
  trial_peak_.reset();
  analysed_peak_.reset();
  hold_.reset();
  go_time_s_ = -1.0;
  stance_path_.clear();  // the last trial's stabilogram goes when the next one begins
  stance_ellipse_.reset();
  stance_drawn_ = false;
  jump_monitor_.reset();
  if (jumpTest()) {
    // The weighing is watched from the countdown on: the athlete stands still before go.
    jump_monitor_.emplace(test_->method.jump, test_->method.baseline.window_s,
                          test_->method.movement_sd_limit_n);
  }
  phase_ = Phase::Countdown;
  phase_start_ = Clock::now();
  if (const auto target = holdTargetN()) {
    const double tol = test_->target->tolerance_percent / 100.0;
    window_.live()->chart()->setBand(std::make_pair(*target * (1 - tol), *target * (1 + tol)));
  }
}

std::optional<double> LiveSession::holdTargetN() const {
  if (!test_ || !test_->target) return std::nullopt;
  const method::HoldTarget& t = *test_->target;
  if (!t.percent_of_reference) return t.value;
  return t.reference_n * t.value / 100.0;  // the entered reference (method::withReference)
}

void LiveSession::stop() { endTrial("user_stop"); }

void LiveSession::endTrial(const char* reason) {
  if (phase_ != Phase::Countdown && phase_ != Phase::Recording) return;
  phase_ = Phase::Saving;
  phase_start_ = Clock::now();
  simulator_.releaseEffort();  // the simulated patient lets go, as a patient told to stop does
  if (balanceTest()) simulator_.cueStance("both", 1.0);  // and steps back onto both feet
  // Stopping (bounded, but a disk or a device may make it wait) and building the session file
  // happen on a worker thread; the screen keeps its picture and says "Saving...".
  ending_ = std::async(std::launch::async, [run = std::move(run_), why = std::string(reason),
                                            file = session_file_]() mutable {
    EndedTrial t;
    t.end = run->stop(why);
    t.loss = trialLossText(run->engine().stats());
    if (!t.end.link_error.empty()) t.loss += q(" The link failed: " + t.end.link_error + ".");
    run.reset();  // closes the journal: it can be built now
    if (t.end.outcome == recording::TrialEnd::Outcome::Empty) return t;
    try {
      t.built = recording::TrialRun::buildSessionFile(file);
    } catch (const std::exception& e) {
      t.build_error = e.what();
    }
    return t;
  });
  drawLive();
}

void LiveSession::trialEnded() {
  EndedTrial t;
  try {
    t = ending_.get();
  } catch (const std::exception& e) {
    t.end.outcome = recording::TrialEnd::Outcome::Failed;
    t.end.failure = e.what();
  }
  last_trial_loss_ = t.loss;
  if (last_trial_loss_.isEmpty() && frames_missed_ > 0) {
    last_trial_loss_ = QString(
                           "The screen missed %1 frames while the machine was busy; every sample "
                           "of the trial was recorded.")
                           .arg(frames_missed_);
  }
  // The port is free again: the clinician sees the force while the trial is analysed.
  try {
    startMonitoring();
  } catch (const std::exception& e) {
    fail(QString("The device is gone: ") + e.what());
  }
  if (t.end.outcome == recording::TrialEnd::Outcome::Empty) {
    fail("No samples were recorded: check the device and its protocol.");
    phase_ = Phase::Monitoring;
    return;
  }
  if (t.end.outcome == recording::TrialEnd::Outcome::Failed) {
    // What was synced is in the journal: built from it here, or left for the recovery.
    fail(q("Recording failed: " + t.end.failure +
           ". What was recorded is kept in the journal and recovered into the session."));
  }
  if (!t.built) {
    fail(q("The trial is safe in its journal but the session file could not be built (" +
           t.build_error + "); it will be recovered at the next start."));
    phase_ = Phase::Monitoring;
    return;
  }
  if (t.built->samples == 0) {
    fail("No samples were recorded: check the device and its protocol.");
    phase_ = Phase::Monitoring;
    return;
  }
  last_trial_ = t.built->trial_number;
  ++trials_saved_;
  ++step_;
  startAnalysis();
}

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

void LiveSession::tare() {
  if (phase_ != Phase::Monitoring || !plan_ || trace_.rawMeans().empty() || frames_.empty()) return;
  // Offsets from the mean raw reading of what the display holds of the last 0.5 s.
  wire::DeviceCalibration c;
  c.protocol = wire::describeProtocol(engineConfig().protocol).name;
  c.channels = plan_->calibration;
  const std::string now = store::isoUtcNow();
  const std::vector<double>& raw = trace_.rawMeans();
  for (std::size_t ch = 0; ch < c.channels.size() && ch < raw.size(); ++ch) {
    wire::applyTare(c.channels[ch], raw[ch], now);
  }
  tare_ = c;
  plan_.reset();  // re-resolved with the tare at the next frame
  trace_.clearSamples();
  window_.statusBar()->showMessage("Tared: offsets stored with every following trial.");
}

void LiveSession::redo() {
  if (phase_ != Phase::Monitoring || last_trial_ == 0 || step_ == 0) return;
  try {
    store::excludeTrial(session_file_, last_trial_,
                        "redone (the operator asked for the trial again)");
  } catch (const std::exception& e) {
    fail(QString("Cannot mark the trial as redone: ") + e.what());
    return;
  }
  --step_;
  last_trial_ = 0;
  startAnalysis();
  window_.statusBar()->showMessage(
      "The last trial is kept in the file but left out of the "
      "results; record it again.");
  drawLive();
}

void LiveSession::finish() {
  if (phase_ != Phase::Monitoring || trials_saved_ == 0) return;
  phase_ = Phase::Finishing;
  phase_start_ = Clock::now();
  // The engine's stop, the analysis and the results' write run on a worker thread; the PDF is
  // painted on the GUI thread when they are done.
  finishing_ = std::async(std::launch::async, [monitor = std::move(engine_), file = session_file_,
                                               test = *test_]() mutable {
    if (monitor) (void)monitor->stop();
    monitor.reset();
    FinishedSession done;
    try {
      const store::SessionRecord s = store::readSessionFile(file);
      const results::SessionAnalysis a = analyseAsStored(s, test);
      (void)results::storeAnalysis(file, s, a);
      done.view = resultsView(file, s, a, test);
      done.analysis = a;
    } catch (const std::exception& e) {
      done.error = e.what();
    }
    return done;
  });
  drawLive();
}

void LiveSession::finishDone() {
  FinishedSession done = finishing_.get();
  timer_.stop();
  simulator_.stop();
  if (done.analysis) {
    try {
      window_.results()->showResults(done.view);
      ui::writeClinicalReportPdf({done.view}, {reportIdentityFor(done.view.patient)},
                                 q(reportFile().string()));
      analysis_ = std::move(done.analysis);
    } catch (const std::exception& e) {
      done.error = e.what();
    }
  }
  if (!done.error.empty()) fail(q("The trials are saved, but finishing failed: " + done.error));
  phase_ = Phase::Done;
  window_.setResultsEnabled(true);
  window_.showPage(ui::StationWindow::Results);
  window_.statusBar()->showMessage("Session saved: " + q(session_file_.string()) + "; report " +
                                   q(reportFile().string()));
  showHistory(window_.setup()->choice().patient_id);  // the finished session joins the list
  emit sessionFinished(q(session_file_.string()));
}

fs::path LiveSession::reportFile() const { return registry::reportFileFor(session_file_); }

void LiveSession::fail(const QString& text) {
  registry::activityLog()->error("station: {}", text.toStdString());
  last_error_ = text;
  emit message(text, true);
}

void LiveSession::tick() {
  QElapsedTimer clock;
  clock.start();
  // Frames the screen missed while a trial ran (a tick later than two periods): a busy machine
  // may cost frames, never samples, and the clinician is told which it was.
  const Clock::time_point now = Clock::now();
  if ((phase_ == Phase::Countdown || phase_ == Phase::Recording) &&
      last_tick_ != Clock::time_point{}) {
    const double period_s = timer_.interval() / 1000.0;
    const double since_s = std::chrono::duration<double>(now - last_tick_).count();
    if (period_s > 0.0 && since_s > 2.0 * period_s)
      frames_missed_ += static_cast<std::uint64_t>(since_s / period_s) - 1;
  }
  last_tick_ = now;
  collectTasks();
  if (phase_ == Phase::Done) return;
  const double in_phase = std::chrono::duration<double>(Clock::now() - phase_start_).count();
  const double countdown = options_.countdown_seconds.value_or(test_ ? test_->countdown_s : 3);
  const double duration = options_.trial_seconds.value_or(test_ ? test_->duration_s : 5);
  drainDisplay();
  if (phase_ == Phase::Countdown && in_phase >= countdown) {
    phase_ = Phase::Recording;
    phase_start_ = Clock::now();
    go_time_s_ = trace_.empty() ? 0.0 : trace_.time().back();
    if (run_) {
      run_->markCue();
      const auto& stats = run_->engine().stats();
      samples_at_go_ = stats.samples.load() + stats.missing_samples.load();
    }
    stance_path_.clear();
    stance_samples_ = 0;
    stance_ellipse_.reset();
    stance_drawn_ = false;
    if (balanceTest()) {
      if (simulator_.running()) {
        const simulator::SimulatedPatient& p = simulated_patient_;
        const bool weaker_leg = currentSide() == p.weaker_side;
        simulator_.cueStance(currentSide(), trial_condition_ == "eyes-closed" ? 1.5 : 1.0,
                             weaker_leg && p.touch_down_s ? *p.touch_down_s : -1.0);
      }
      // The stance followed live with the analysis' own rules (analysis::StanceMonitor).
      stance_monitor_.emplace(test_->method.sway, plan_ ? plan_->layout.plates().size() : 0,
                              currentSide(),
                              plan_ ? plan_->plate_pitch_mm.value_or(400.0) : 400.0);
    } else if (simulator_.running()) {
      const bool weaker = simulated_patient_.weaker_side == currentSide();
      // A real patient varies from effort to effort (CV of a few %): so does the simulated one.
      std::normal_distribution<double> effort(1.0, 0.035);
      const double strength = std::clamp(effort(patient_rng_), 0.85, 1.15);
      simulator_.cueEffort(strength *
                           (weaker ? 1.0 - simulated_patient_.deficit_percent / 100.0 : 1.0));
    }
    if (const auto target = holdTargetN()) {
      hold_.emplace(*target, test_->target->tolerance_percent, test_->target->grace_s);
    }
  } else if (phase_ == Phase::Recording && plannedDurationRecorded(duration, in_phase)) {
    endTrial("duration");
  } else if (phase_ == Phase::Recording && jump_monitor_ && jump_monitor_->settled()) {
    endTrial("landed");  // landed and still for a second: the jump is over
  } else if (phase_ == Phase::Recording && touchDownAt() && !trace_.empty() &&
             trace_.time().back() - *touchDownAt() > 1.0) {
    endTrial("stance_failed");  // the other foot is down: a second more, then the trial ends
  } else if (phase_ == Phase::Recording && hold_ && hold_->failedAtS() &&
             trace_.time().back() - *hold_->failedAtS() > 2.0) {
    endTrial("hold_failed");  // the hold failed: two more seconds of release, then the trial ends
                              // by itself
  }
  drawLive();
  const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  if (tick_ms_.size() < 100000) tick_ms_.push_back(ms);
}

bool LiveSession::plannedDurationRecorded(double duration_s, double in_phase_s) const {
  // Counted in the device's samples, not on the wall clock: the trial's length is the device's,
  // whatever a busy machine does to when the samples arrive. (Issue 30 reported loaded runs that
  // held 1,019 and 3,317 samples where over 3,500 were planned; not reproduced since, as the
  // engine's stop takes in what is in flight.) Lost samples count as taken: the gap is the
  // device's.
  if (!run_) return in_phase_s >= duration_s;
  const auto& stats = run_->engine().stats();
  const double nominal = stats.nominal_rate_hz.load();
  const double rate = nominal > 0.0 ? nominal : stats.measured_rate_hz.load();
  if (!(rate > 0.0)) return in_phase_s >= duration_s;  // no rate known yet: the clock
  const std::uint64_t taken = stats.samples.load() + stats.missing_samples.load() - samples_at_go_;
  if (static_cast<double>(taken) >= std::round(duration_s * rate)) return true;
  // A device that stopped sending (its stall counted and shown) does not hold the trial open.
  return in_phase_s >= duration_s + kLateSamplesLimitS;
}

void LiveSession::collectTasks() {
  const auto ready = [](const auto& task) {
    return task.valid() && task.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  };
  if (phase_ == Phase::Starting && ready(starting_)) trialStarted();
  if (phase_ == Phase::Saving && ready(ending_)) trialEnded();
  if (phase_ == Phase::Analysing && ready(analysing_)) analysisDone();
  if (phase_ == Phase::Finishing && ready(finishing_)) finishDone();
}

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
      if (jump_monitor_ && (phase_ == Phase::Countdown || phase_ == Phase::Recording)) {
        double total = 0.0;
        for (std::size_t c = 0; c < trace_.force().size(); ++c) total += force[c];
        jump_monitor_->add(t, total);
      }
      if (phase_ == Phase::Recording && t >= go_time_s_) {
        const double main = trace_.force().empty() ? 0.0 : force[0];
        double peak_value = main;
        if (twoPlates()) {
          peak_value = force[0] + force[1];  // the whole body's force: the test's outcome
        } else {
          for (std::size_t c = 0; c < trace_.force().size(); ++c)
            peak_value = std::max(peak_value, force[c]);
        }
        if (!trial_peak_ || peak_value > trial_peak_->second) trial_peak_ = {t, peak_value};
        if (hold_) hold_->add(t, main);
        if (balanceTest() && stance_monitor_) {
          if (stance_samples_++ % 10 == 0) {
            if (const auto p = stance_monitor_->cop(force, cop)) stance_path_.push_back(*p);
            stance_drawn_ = false;
          }
          stance_monitor_->add(t - go_time_s_, force);
        }
      }
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
    if (const auto down = touchDownAt(); down && phase_ == Phase::Recording) {
      s.hold = QString("Foot down at %1 s").arg(*down - go_time_s_, 0, 'f', 1);
      s.hold_state = "failed";
    }
  } else if (jumpTest()) {
    // The weighing, the flight, the landing: what the athlete is told and the clinician sees.
    if (jump_monitor_ && (phase_ == Phase::Countdown || phase_ == Phase::Recording)) {
      const analysis::JumpMonitor& m = *jump_monitor_;
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
  } else if (trial_peak_) {
    s.trial_peak = peak_of + newtons(trial_peak_->second);
  }
  if (analysis_) s.best = session_headline_;
  if (hold_) {
    s.hold = QString("Hold %1 s").arg(hold_->holdTimeS(), 0, 'f', 1);
    switch (hold_->state()) {
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
    if (trial_peak_ && !jumpTest() &&
        (phase_ == Phase::Recording || phase_ == Phase::Saving || phase_ == Phase::Analysing ||
         analysed_peak_))
      trace.peak = trial_peak_;
    if (jump_monitor_) {
      // Take-offs and landings marked on the trace, at body-weight height (at 0 N the marks
      // would sit on the axis, under the flight's trace).
      const double level = jump_monitor_->lastBodyWeightN();
      for (const analysis::JumpMonitor::Event& e : jump_monitor_->events())
        trace.markers.emplace_back(e.time_s, level);
    }
    live->chart()->showTrace(trace);
    if (!trace_.cop().empty()) live->cop()->showPoints(trace_.cop());
  }
  if (balanceTest() && !stance_drawn_) {
    live->stabilogram()->showPath(stance_path_);
    live->stabilogram()->showEllipse(stance_ellipse_);
    stance_drawn_ = true;
  }
}

}  // namespace holdfast::station
