// The station before a trial: the Setup page (registry, test library, ports, the patient's
// history), a recorded session opened, the session started, the device or simulator and the
// monitoring engine.
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
#include "holdfast/recording/SessionOpening.h"
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
    setup_problem_ = QString("Test library: ") + e.what();
    window_.setup()->showMessage(setup_problem_, true);
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
    // One way to open a session, as `holdfast acquire` opens one (recording::SessionOpening).
    const registry::Patient patient =
        recording::registeredPatient(options_.data_folder, choice.patient_id.toStdString());
    recording::SessionRequest request;
    request.test_id = test->id;
    request.test_definition_json = recorded->definition_json;
    request.involved = choice.involved.toStdString();
    if (choice.body_mass_kg > 0) request.body_mass_kg = choice.body_mass_kg;
    request.operator_name = choice.operator_name.toStdString();
    request.software_version = HOLDFAST_VERSION;
    const store::SessionInfo info = recording::newSessionInfo(patient, request);
    const fs::path file = recording::sessionFileFor(options_.data_folder, patient.id, test->id,
                                                    recording::SessionFileChoice::AlwaysNew);
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
  view_.newSession();
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

void LiveSession::startMonitoring() {
  stopEngine();
  engine_ = std::make_unique<daq::AcquisitionEngine>(engineConfig(), discard_);
  engine_->start();
  view_.trace().newEngine(
      std::chrono::duration<double>(engine_->startTime() - session_start_).count());
  plan_.reset();
  plan_refused_ = false;
  phase_ = Phase::Monitoring;
  phase_start_ = Clock::now();
}

void LiveSession::stopEngine() {
  if (engine_) engine_->stop();
  engine_.reset();
}

}  // namespace holdfast::station
