// The station before a trial: the Setup page (registry, test library, ports, the patient's
// history), a recorded session opened, the session started, the device or simulator and the
// monitoring engine.
#include "holdfast/station/LiveSession.h"

#include "holdfast/analysis/CentreOfPressure.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "LiveSessionParts.h"
#include "holdfast/bluetooth/BleScanner.h"
#include "holdfast/bluetooth/QtBleLink.h"
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
  // Metadata and stored results only (no samples): quick, on the GUI thread, and only between
  // sessions, when no worker reads or builds a file: the store's HDF5 calls take one lock in
  // turn (Hdf5Lock.h), and the window would wait for them (a patient chosen in the Setup tab
  // during a session is listed when the session is done).
  if (phase_ != Phase::Setup && phase_ != Phase::Done) return;
  window_.setup()->setHistory(setup_.history(patient_id));
}

bool LiveSession::openRecorded(const QString& file) {
  if (phase_ != Phase::Setup && phase_ != Phase::Done) {
    // Not while a trial is being recorded or built: the window would wait for the store.
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
  if (!setup_.load(*window_.setup())) return false;
  showHistory(window_.setup()->choice().patient_id);
  return true;
}

bool LiveSession::startSession(const ui::SetupChoice& choice) {
  if (phase_ != Phase::Setup && phase_ != Phase::Done) {
    window_.setup()->showMessage("A session is in progress: finish it first.", true);
    return false;
  }
  shown_file_.clear();  // the Results page shows this session from now on
  OpenedSession opened;
  try {
    opened = setup_.open(choice);
  } catch (const wire::InputError& e) {
    // Said on the page and in the activity log: a session that does not start says why.
    if (!choice.test_id.isEmpty() && !choice.patient_id.isEmpty())
      registry::activityLog()->warn("the session did not start: {}", e.what());
    window_.setup()->showMessage(q(e.what()), true);
    return false;
  } catch (const std::exception& e) {
    window_.setup()->showMessage(QString("Cannot start: ") + e.what(), true);
    return false;
  }
  choice_ = choice;
  session_test_ = std::move(opened.test);
  test_ = &*session_test_;
  session_info_ = std::move(opened.info);
  session_file_ = std::move(opened.file);
  simulated_patient_ = opened.simulated_patient;
  steps_ = std::move(opened.steps);
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
  ble_link_.reset();
  try {
    if (choice.device == "simulator" || choice.device == kSimulatedProgressor) {
      startSimulator(choice.device == kSimulatedProgressor);
    } else if (choice.device.startsWith("ble:")) {
      openBluetoothDevice(choice.device.toStdString());
    } else {
      port_ = choice.device.toStdString();
    }
    if (ble_link_) connectBluetooth();
    startMonitoring();
  } catch (const std::exception& e) {
    stopEngine();
    simulator_.stop();
    window_.setup()->showMessage(QString("Cannot open the device: ") + e.what(), true);
    return false;
  }
  registry::activityLog()->info("station: session of patient '{}', test '{}' on {} into {}",
                                session_info_.patient_id, test_->id, choice.device.toStdString(),
                                session_file_.string());
  SessionSetup::remember(choice);
  window_.setRecordEnabled(true);
  window_.showPage(ui::StationWindow::Record);
  window_.setWindowTitle("Holdfast station - " + q(session_info_.patient_id) + " - " +
                         q(test_->name));
  window_.live()->chart()->setBand(std::nullopt);
  timer_.start();
  return true;
}

void LiveSession::openBluetoothDevice(const std::string& value) {
  // "ble:PROTOCOL@ADDRESS", as findBluetoothDevices() offers it.
  const std::size_t at = value.find('@');
  if (at == std::string::npos) throw std::invalid_argument("not a Bluetooth device: " + value);
  ble_service_ = wire::describeBleService(value.substr(4, at - 4)).service;
  port_ = value.substr(at + 1);
  ble_link_ = std::make_shared<bluetooth::QtBleLink>(port_, ble_service_);
}

namespace {
/// What the first connection hears before an engine takes the link over: nothing is kept.
struct NotListening final : daq::LinkEvents {
  void notified(std::string, std::chrono::steady_clock::time_point) override {}
  void dropped(std::string) override {}
};
}  // namespace

void LiveSession::connectBluetooth() {
  // The first connection finds the device and its service: a second or two, or up to the
  // timeout for a device that is off. It is made here while the window keeps drawing (a local
  // event loop; the window takes no input meanwhile); every engine after it finds the link
  // connected (NotificationLink::release keeps it).
  static NotListening nobody;
  auto answer = std::make_shared<std::optional<std::string>>();
  QEventLoop wait;
  window_.setup()->showMessage("Connecting to " + q(port_) + "...", false);
  window_.setEnabled(false);
  ble_link_->connect(nobody, [answer, loop = QPointer<QEventLoop>(&wait)](std::string error) {
    QMetaObject::invokeMethod(
        loop,
        [answer, loop, error = std::move(error)] {
          *answer = error;
          if (loop) loop->quit();
        },
        Qt::QueuedConnection);
  });
  QTimer::singleShot(20000, &wait, &QEventLoop::quit);
  wait.exec();
  window_.setEnabled(true);
  ble_link_->release();
  if (!*answer)
    throw std::runtime_error("no connection to " + port_ +
                             " within 20 s (is it "
                             "switched on and in range?)");
  if (!(*answer)->empty()) throw std::runtime_error(**answer);
}

void LiveSession::findBluetoothDevices() {
  ui::SetupPage& page = *window_.setup();
  page.showMessage("Listening for Bluetooth devices for 4 s...", false);
  const bluetooth::BleScanResult scan = bluetooth::scanBleDevices(std::chrono::seconds(4));
  if (!scan.adapter) {
    page.showMessage(q(scan.error), true);
    return;
  }
  QStringList values, labels;
  for (const bluetooth::BleDeviceFound& d : scan.devices) {
    if (d.protocol.empty()) continue;  // not one Holdfast reads
    values << q("ble:" + d.protocol + "@" + d.address);
    labels << q((d.name.empty() ? std::string("(no name)") : d.name) + "  " + d.address +
                "  Bluetooth, " + d.protocol + ", " + std::to_string(d.rssi_dbm) + " dBm");
  }
  page.addDevices(values, labels);
  page.showMessage(
      QString::number(scan.devices.size()) + " Bluetooth device(s) heard, " +
          QString::number(values.size()) + " speaking a protocol Holdfast reads" +
          (scan.error.empty() ? QString() : " (the scan stopped: " + q(scan.error) + ")"),
      !scan.error.empty());
}

void LiveSession::startSimulator(bool progressor) {
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
  if (progressor) {
    // A handheld dynamometer measures one force: no plates, not both sides at once.
    if (c.scenario.channels != 1 || test_->plates > 0)
      throw std::invalid_argument(
          "the simulated Progressor measures one force: choose a test of one side");
    simulator::ProgressorModel model;
    model.scenario = c.scenario;
    simulator_.startProgressor(model);
    ble_link_ = simulator_.progressorLink();
    ble_service_ = wire::BleService::TindeqProgressor;
    port_ = simulator_.port();
    return;
  }
  if (!options_.simulator_faults.empty())
    c.faults = simulator::parseSimulatorFaults(options_.simulator_faults);
  simulator_.start(c);
  port_ = simulator_.port();
}

daq::AcquisitionConfig LiveSession::engineConfig() const {
  daq::AcquisitionConfig c;
  c.port = port_;
  const bool simulated = choice_.device == "simulator" || choice_.device == kSimulatedProgressor;
  const wire::ProtocolDescription& wire =
      wire::describeProtocol(simulated ? std::string("csv") : choice_.wire_protocol.toStdString());
  c.protocol = wire.protocol;
  c.baud_rate = wire.default_baud;
  // A Bluetooth device: the session's link (over the Nordic UART Service, the protocol chosen
  // beside the device is the text it carries).
  c.link = ble_link_;
  c.ble_service = ble_service_;
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
