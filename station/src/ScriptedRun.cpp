#include "holdfast/station/ScriptedRun.h"

#include <QApplication>
#include <QRegularExpression>
#include <QTimer>
#include <iostream>

#include "holdfast/recording/SessionOpening.h"
#include "holdfast/ui/LiveDashboard.h"
#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/ui/SetupPage.h"
#include "holdfast/ui/StationWindow.h"

namespace holdfast::station {

std::string scriptedPatient(const std::filesystem::path& data, const QString& given) {
  registry::ensureDataFolder(data);
  // A given patient must be registered and not merged, as for any session.
  if (!given.isEmpty()) return recording::registeredPatient(data, given.toStdString()).id;
  registry::PatientRegistry registry(registry::registryFile(data));
  const auto all = registry.list();
  if (!all.empty()) return all.front().id;
  registry::Patient p;
  p.name = "Simulated Patient";
  p.date_of_birth = "1995-06-15";
  p.sex = "female";
  p.notes = "added by holdfast-station --simulate";
  return registry.add(p).id;
}

int runScripted(ui::StationWindow& window, station::LiveSession& session, const QString& patient,
                const QString& test, int trials, const QString& screenshot, double timeout_s,
                std::optional<double> lever_arm_m) {
  int code = 0;
  // Record as a clinician does: a dynamometer test's lever arm typed on the record page first.
  const auto record = [&window, &session, lever_arm_m] {
    if (lever_arm_m) window.live()->setLeverArm(lever_arm_m);
    session.record();
  };
  const auto quit = [&code](int c, const QString& why) {
    if (!why.isEmpty()) std::cerr << "holdfast-station: " << why.toStdString() << "\n";
    code = c;
    QApplication::exit(c);
  };
  QObject::connect(&session, &station::LiveSession::message, &window,
                   [&](const QString& text, bool error) {
                     if (error) quit(1, text);
                   });
  QObject::connect(&session, &station::LiveSession::trialSaved, &window, [&](int) {
    if (session.trialsSaved() < trials) {
      QTimer::singleShot(200, &window, record);
      return;
    }
    QTimer::singleShot(400, &window, [&] {
      if (!window.grab().save(screenshot)) return quit(1, "cannot write " + screenshot);
      session.finish();
    });
  });
  // Finishing runs on a worker thread: the results are pictured once it is done.
  QObject::connect(&session, &station::LiveSession::sessionFinished, &window, [&](const QString&) {
    QTimer::singleShot(400, &window, [&] {
      const QString results_png =
          QString(screenshot).replace(QRegularExpression("\\.png$"), "") + "-results.png";
      if (!window.grab().save(results_png)) return quit(1, "cannot write " + results_png);
      std::cout << "session " << session.sessionFile().string() << "\n"
                << "report " << session.reportFile().string() << "\n"
                << "screenshots " << screenshot.toStdString() << " " << results_png.toStdString()
                << "\n";
      quit(0, "");
    });
  });
  ui::SetupChoice choice = window.setup()->choice();
  choice.patient_id = patient;
  choice.test_id = test;
  choice.device = "simulator";
  choice.involved = "right";
  choice.body_mass_kg = 72.0;
  choice.reference_n = 0.0;  // a hold's target from the test's reference
  QTimer::singleShot(100, &window, [&, choice] {
    if (!session.startSession(choice)) return quit(1, "the session did not start");
    QTimer::singleShot(1500, &window, record);
  });
  QTimer::singleShot(static_cast<int>(timeout_s * 1000), &window,
                     [&] { quit(1, "the scripted run did not finish in time"); });
  window.show();
  QApplication::exec();
  return code;
}

int runScriptedTest(ui::StationWindow& window, LiveSession& session, const StationOptions& options,
                    const QString& patient, const std::string& test_id, int trials,
                    const QString& screenshot) {
  const std::string id = scriptedPatient(options.data_folder, patient);
  session.loadSetup();  // the patient may be new
  double duration = 10.0, countdown = 3.0;
  for (const method::TestDefinition& t : session.tests()) {
    if (t.id != test_id) continue;
    duration = t.duration_s;
    countdown = t.countdown_s;
  }
  const double per_trial =
      options.trial_seconds.value_or(duration) + options.countdown_seconds.value_or(countdown) + 5;
  return runScripted(window, session, QString::fromStdString(id), QString::fromStdString(test_id),
                     trials, screenshot, 30 + per_trial * trials, options.lever_arm_m);
}

}  // namespace holdfast::station
