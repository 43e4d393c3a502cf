#include "holdfast/station/SessionSetup.h"

#include <QSettings>

#include "LiveSessionParts.h"
#include "holdfast/daq/SerialPortList.h"
#include "holdfast/recording/SessionOpening.h"
#include "holdfast/registry/ActivityLog.h"
#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/results/SessionHistory.h"
#include "holdfast/wire/DeviceProtocol.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/Population.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::station {

using namespace detail;  // NOLINT(google-build-using-namespace)

SessionSetup::SessionSetup(fs::path data_folder, fs::path test_library, bool simulate_first)
    : data_folder_(std::move(data_folder)),
      test_library_(std::move(test_library)),
      simulate_first_(simulate_first) {}

bool SessionSetup::load(ui::SetupPage& page) {
  ui::SetupOptions o;
  try {
    tests_ = method::loadTestLibrary(test_library_);
    // The simulator's part of each test is checked here, where the simulator is used.
    for (const method::TestDefinition& t : tests_)
      (void)simulator::parseSimulatedPatient(t.simulator_json, t.file.string());
  } catch (const std::exception& e) {
    problem_ = QString("Test library: ") + e.what();
    page.showMessage(problem_, true);
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
    const fs::path registry = registry::registryFile(data_folder_);
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
    page.showMessage(QString("Patient registry: ") + e.what(), true);
  }
  std::vector<daq::SerialPortInfo> ports;
  try {
    ports = daq::listSerialPorts();
  } catch (const std::exception&) {
    // No port list (no USB subsystem in a container): the simulator is still offered.
  }
  const QString simulator = "Built-in simulator (simulated patient)";
  if (simulate_first_ || ports.empty()) {
    o.device_values << "simulator";
    o.device_labels << simulator;
  }
  for (const auto& p : ports) {
    o.device_values << q(p.path);
    o.device_labels << q(p.path + "  " + p.description);
  }
  if (!simulate_first_ && !ports.empty()) {
    o.device_values << "simulator";
    o.device_labels << simulator;
  }
  // Bluetooth devices join the list from the page's "Find Bluetooth devices".
  o.device_values << "simulator-progressor";
  o.device_labels << "Built-in simulator: a Tindeq Progressor over Bluetooth (simulated patient)";
  for (const std::string& w : wire::protocolNames()) o.wire_protocols << q(w);
  for (const std::string& s : wire::sportNames()) o.sports << q(s);
  for (const std::string& l : wire::sportLevelNames()) o.sport_levels << q(l);
  page.setOptions(o);
  QSettings settings;
  ui::SetupChoice last;
  last.patient_id = settings.value("session/patient").toString();
  last.test_id = settings.value("session/test").toString();
  last.device =
      simulate_first_ ? QString("simulator") : settings.value("session/device").toString();
  last.wire_protocol = settings.value("session/wire", "csv").toString();
  last.operator_name = settings.value("session/operator").toString();
  last.pseudonymous_report = settings.value("report/pseudonymous", false).toBool();
  page.select(last);
  return true;
}

std::vector<ui::SessionHistoryRow> SessionSetup::history(const QString& patient_id) const {
  std::vector<ui::SessionHistoryRow> rows;
  if (patient_id.isEmpty()) return rows;
  for (const results::SessionHistoryEntry& h :
       results::patientHistory(data_folder_, patient_id.toStdString())) {
    ui::SessionHistoryRow r;
    r.file = q(h.file.string());
    r.when = q(h.when);
    r.test = q(h.test);
    r.trials = static_cast<int>(h.trials);
    r.headline = h.problem.empty() ? q(h.headline) : "cannot be read: " + q(h.problem);
    r.verdict = q(h.verdict);
    rows.push_back(std::move(r));
  }
  return rows;
}

OpenedSession SessionSetup::open(const ui::SetupChoice& choice) const {
  const method::TestDefinition* test = findTest(tests_, choice.test_id);
  if (!test) {
    if (choice.test_id.isEmpty()) throw wire::InputError("Choose a test.");
    std::vector<std::string> ids;
    for (const method::TestDefinition& t : tests_) ids.push_back(t.id);
    throw wire::InputError(wire::unknownNameMessage("test", choice.test_id.toStdString(), ids));
  }
  if (choice.patient_id.isEmpty()) throw wire::InputError("Choose or add a patient.");
  OpenedSession s;
  // The test as this session runs it travels with the session file.
  s.test =
      method::withBoxHeight(method::withReference(*test, choice.reference_n), choice.box_height_m);
  // One way to open a session, as `holdfast acquire` opens one (recording::SessionOpening).
  const registry::Patient patient =
      recording::registeredPatient(data_folder_, choice.patient_id.toStdString());
  recording::SessionRequest request;
  request.test_id = test->id;
  request.test_definition_json = s.test.definition_json;
  request.involved = choice.involved.toStdString();
  if (choice.body_mass_kg > 0) request.body_mass_kg = choice.body_mass_kg;
  request.operator_name = choice.operator_name.toStdString();
  request.software_version = HOLDFAST_VERSION;
  s.info = recording::newSessionInfo(patient, request);
  s.file = recording::sessionFileFor(data_folder_, patient.id, test->id,
                                     recording::SessionFileChoice::AlwaysNew);
  s.simulated_patient =
      simulator::parseSimulatedPatient(s.test.simulator_json, s.test.file.string());
  s.steps = s.test.steps();
  return s;
}

void SessionSetup::remember(const ui::SetupChoice& choice) {
  QSettings settings;
  settings.setValue("session/patient", choice.patient_id);
  settings.setValue("session/test", choice.test_id);
  settings.setValue("session/device", choice.device);
  settings.setValue("session/wire", choice.wire_protocol);
  settings.setValue("session/operator", choice.operator_name);
  settings.setValue("report/pseudonymous", choice.pseudonymous_report);
}

}  // namespace holdfast::station
