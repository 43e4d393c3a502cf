// holdfast-station: the dashboard. Without a file it runs a live session (LiveSession: patient,
// protocol, device, live trace, biofeedback, results, report); with FILE.h5 it shows that
// recorded session. It loads through store, computes through analysis (the same
// SessionAnalysis as `holdfast analyze`) and hands plain view structs to ui.

#include <sys/stat.h>
#include <QApplication>
#include <QCommandLineParser>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <iostream>

#include <filesystem>

#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/session/InterruptedRecordings.h"
#include "holdfast/session/SessionAnalysis.h"
#include "holdfast/simulator/PtySimulator.h"
#include "holdfast/station/LiveSession.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/ui/LiveDashboard.h"
#include "holdfast/ui/SessionWindow.h"
#include "holdfast/ui/StationWindow.h"

namespace {

using namespace holdfast;

ui::SessionView buildView(const QString& path, const store::SessionRecord& session,
                          const session::SessionAnalysis& analysis) {
  ui::SessionView v;
  v.file = path;
  v.patient = QString::fromStdString(session.info.patient_id);
  v.test = QString::fromStdString(session.info.test);
  v.involved = QString::fromStdString(session.info.involved);
  QStringList acquisition;
  for (const auto& trial : session.trials) {
    ui::TraceView t;
    t.title = QString("Trial %1 - %2")
                  .arg(trial.info.number)
                  .arg(QString::fromStdString(trial.info.side));
    t.time_s.resize(trial.time_s.size());
    for (std::size_t i = 0; i < t.time_s.size(); ++i)
      t.time_s[i] = trial.time_s[i] - trial.time_s.front();
    t.channels = trial.channels;
    for (std::size_t c = 0; c < trial.channels.size(); ++c) {
      const QString side =
          QString::fromStdString(session::channelSide(trial.info, c, trial.channels.size()));
      t.channel_sides << side;
      t.channel_labels << side + " (" + QString::fromStdString(trial.info.channel_names.at(c)) +
                              ")";
    }
    for (const auto& e : analysis.entries) {
      if (e.trial != trial.info.number || !e.result) continue;
      const QString side = QString::fromStdString(e.side);
      for (const auto& effort : e.result->efforts) {
        t.peaks.push_back({effort.peak.time_s, effort.peak.force_n,
                           QString("peak %1 N").arg(effort.peak.force_n, 0, 'f', 1), side});
        t.onsets.push_back(
            {effort.onset_s, 0.0, QString("onset %1 s").arg(effort.onset_s, 0, 'f', 3), side});
      }
    }
    v.traces.push_back(std::move(t));
    std::int64_t gaps = 0, rejected = 0;
    for (const auto& [name, value] : trial.acquisition) {
      if (name == "gaps") gaps = value;
      if (name == "malformed_lines" || name == "channel_mismatches" || name == "overlong_lines")
        rejected += value;
    }
    acquisition << QString(
                       "trial %1: %2 samples at %3 Hz, %4 gaps, %5 rejected lines, ended by: %6")
                       .arg(trial.info.number)
                       .arg(trial.time_s.size())
                       .arg(trial.info.measured_rate_hz, 0, 'f', 1)
                       .arg(gaps)
                       .arg(rejected)
                       .arg(QString::fromStdString(trial.info.stop_reason));
  }
  for (const auto& e : analysis.entries) {
    ui::ResultRow row;
    row.trial = e.trial;
    row.side = QString::fromStdString(e.side);
    if (const auto* best = session::bestEffort(e)) {
      row.peak_n = best->peak.force_n;
      row.net_peak_n = best->net_peak_force_n;
      row.onset_s = best->onset_s;
      row.time_to_peak_s = best->time_to_peak_s;
      QStringList flags;
      for (const auto& f : e.result->quality_flags) flags << QString::fromStdString(f);
      for (const auto& f : best->quality_flags) flags << QString::fromStdString(f);
      row.flags = flags.join(", ");
    } else {
      row.flags = e.error.empty() ? QString("no effort found") : QString::fromStdString(e.error);
    }
    v.rows.push_back(row);
  }
  const analysis::LimbAsymmetry* a = nullptr;
  for (const auto& entry : analysis.asymmetry) {
    if (entry.metric == "peak_force_n") a = &entry.values;
  }
  if (a) {
    QString text = QString("Best peak force: left %1 N, right %2 N.   Asymmetry index %3 %")
                       .arg(a->left, 0, 'f', 1)
                       .arg(a->right, 0, 'f', 1)
                       .arg(a->asymmetry_index_percent, 0, 'f', 1);
    if (a->lsi_percent)
      text +=
          QString("   |   LSI (involved %1) %2 %").arg(v.involved).arg(*a->lsi_percent, 0, 'f', 1);
    text += QString("   |   symmetry angle %1 %   [%2]")
                .arg(a->symmetry_angle_percent, 0, 'f', 1)
                .arg(QString::fromStdString(a->flag));
    v.asymmetry_text = text;
    v.asymmetry_flag = QString::fromStdString(a->flag);
  }
  v.method_text = QString(
                      "Method: baseline = mean of the 1 s window with the lowest SD before the "
                      "effort; onset = first "
                      "sample above baseline (%1); peak = highest sample; no filter.")
                      .arg(analysis.method.onset.describe().c_str());
  v.acquisition_text = acquisition.join("\n");
  return v;
}

/// Loads `path` into the window; returns false (and says why) when it cannot be read.
bool load(ui::SessionWindow& window, const QString& path) {
  try {
    const auto session = store::readSessionFile(path.toStdString());
    const auto analysis = session::analyzeSession(session, analysis::AnalysisMethod{});
    window.showSession(buildView(path, session, analysis));
    return true;
  } catch (const std::exception& e) {
    window.showMessage(QString("Cannot open %1: %2").arg(path, e.what()));
    std::cerr << "holdfast-station: " << e.what() << "\n";
    return false;
  }
}

/// The patient of a scripted run: --patient, else the first in the registry, else a simulated
/// patient added to the registry (the simulator is the only device of a scripted run).
std::string scriptedPatient(const std::filesystem::path& data, const QString& given) {
  registry::ensureDataFolder(data);
  registry::PatientRegistry registry(registry::registryFile(data));
  if (!given.isEmpty()) {
    if (!registry.find(given.toStdString()))
      throw std::runtime_error("patient " + given.toStdString() + " is not in the registry");
    return given.toStdString();
  }
  const auto all = registry.list();
  if (!all.empty()) return all.front().id;
  registry::Patient p;
  p.name = "Simulated Patient";
  p.date_of_birth = "1995-06-15";
  p.sex = "female";
  p.notes = "added by holdfast-station --simulate";
  return registry.add(p).id;
}

/// --simulate --screenshot: a session on the simulator, N trials recorded by script, then a
/// picture of the Record page (live trace and its peak), Finish (results stored, report
/// written), and a picture of the Results page. Exit 0 when all of it worked.
int runScripted(ui::StationWindow& window, station::LiveSession& session, const QString& patient,
                const QString& protocol, int trials, const QString& screenshot, double timeout_s) {
  int code = 0;
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
      QTimer::singleShot(200, &window, [&session] { session.record(); });
      return;
    }
    QTimer::singleShot(400, &window, [&] {
      const QString results_png =
          QString(screenshot).replace(QRegularExpression("\\.png$"), "") + "-results.png";
      if (!window.grab().save(screenshot)) return quit(1, "cannot write " + screenshot);
      session.finish();
      QTimer::singleShot(400, &window, [&, results_png] {
        if (!window.grab().save(results_png)) return quit(1, "cannot write " + results_png);
        std::cout << "session " << session.sessionFile().string() << "\n"
                  << "report " << session.reportFile().string() << "\n"
                  << "screenshots " << screenshot.toStdString() << " " << results_png.toStdString()
                  << "\n";
        quit(0, "");
      });
    });
  });
  ui::SetupChoice choice = window.setup()->choice();
  choice.patient_id = patient;
  choice.protocol_id = protocol;
  choice.device = "simulator";
  choice.involved = "right";
  choice.body_mass_kg = 72.0;
  choice.reference_n = 0.0;  // a hold's target from the protocol's reference
  QTimer::singleShot(100, &window, [&, choice] {
    if (!session.startSession(choice)) return quit(1, "the session did not start");
    QTimer::singleShot(1500, &window, [&session] { session.record(); });
  });
  QTimer::singleShot(static_cast<int>(timeout_s * 1000), &window,
                     [&] { quit(1, "the scripted run did not finish in time"); });
  window.show();
  QApplication::exec();
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  umask(077);  // patient data: folders 0700, files 0600, whoever else uses the machine
  QApplication app(argc, argv);
  QApplication::setApplicationName("holdfast-station");
  QApplication::setOrganizationName("Holdfast");
  QApplication::setApplicationVersion(HOLDFAST_VERSION);
  QCommandLineParser parser;
  parser.setApplicationDescription(
      "Holdfast station: shows a recorded session's traces and results.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("FILE.h5", "session file to open");
  QCommandLineOption screenshot("screenshot", "save a picture of the window to FILE.png and quit",
                                "FILE.png");
  parser.addOption(screenshot);
  QCommandLineOption data_dir("data-dir",
                              "data folder (default $HOLDFAST_DATA_DIR, else the XDG data folder); "
                              "interrupted recordings in it are recovered at start-up",
                              "DIR");
  parser.addOption(data_dir);
  QCommandLineOption simulate("simulate", "start on the built-in simulator (a simulated patient)");
  parser.addOption(simulate);
  QCommandLineOption protocols("protocols", "protocol library folder (default: the shipped one)",
                               "DIR");
  parser.addOption(protocols);
  QCommandLineOption protocol_id("protocol", "scripted run: the test protocol id", "ID",
                                 "isometric-max");
  parser.addOption(protocol_id);
  QCommandLineOption patient("patient", "scripted run: the patient id (default: the first)", "ID");
  parser.addOption(patient);
  QCommandLineOption trials("trials", "scripted run: how many trials to record (default 1)", "N",
                            "1");
  parser.addOption(trials);
  QCommandLineOption trial_seconds("trial-seconds", "record S seconds per trial (scripted runs)",
                                   "S");
  parser.addOption(trial_seconds);
  QCommandLineOption countdown("countdown-seconds", "countdown before 'go' (scripted runs)", "S");
  parser.addOption(countdown);
  QCommandLineOption faults("simulator-faults",
                            "faults the simulator injects, as 'holdfast simulate --faults' takes "
                            "them (e.g. unplug:6:2)",
                            "LIST");
  parser.addOption(faults);
  if (!parser.parse(QApplication::arguments())) {
    std::cerr << "holdfast-station: " << parser.errorText().toStdString() << "\n";
    return 2;
  }
  if (parser.isSet("help")) parser.showHelp(0);
  if (parser.isSet("version")) parser.showVersion();
  const QStringList files = parser.positionalArguments();
  if (files.size() > 1) {
    std::cerr << "holdfast-station: give at most one session file\n";
    return 2;
  }

  // Recordings cut short (crash, power loss) are finished from their journals before anything
  // else, so the clinician sees them.
  const std::filesystem::path data =
      parser.isSet(data_dir) ? std::filesystem::path(parser.value(data_dir).toStdString())
                             : registry::defaultDataFolder();
  QStringList recovered;
  QString last_recovered;
  for (const session::RecoveryOutcome& o : session::recoverInterruptedRecordings(data)) {
    std::cerr << "holdfast-station: " << o.message << "\n";
    recovered << QString::fromStdString(o.message);
    if (o.ok) last_recovered = QString::fromStdString(o.session.string());
  }

  // A recording recovered at start-up is shown first (the clinician sees what was saved);
  // otherwise, without a file, the live station.
  if (files.isEmpty() && (last_recovered.isEmpty() || parser.isSet(simulate))) {
    // The live station.
    station::StationOptions options;
    options.data_folder = data;
    try {
      options.protocol_folder = parser.isSet(protocols)
                                    ? std::filesystem::path(parser.value(protocols).toStdString())
                                    : session::defaultProtocolFolder();
    } catch (const std::exception& e) {
      std::cerr << "holdfast-station: " << e.what() << "\n";
      return 2;
    }
    options.simulate = parser.isSet(simulate);
    options.simulator_faults = parser.value(faults).toStdString();
    if (!options.simulator_faults.empty()) {
      try {
        (void)simulator::parseSimulatorFaults(options.simulator_faults);
      } catch (const std::exception& e) {
        std::cerr << "holdfast-station: --simulator-faults: " << e.what() << "\n";
        return 2;
      }
    }
    const auto seconds = [&](const QCommandLineOption& o, double lo,
                             double hi) -> std::optional<double> {
      if (!parser.isSet(o)) return std::nullopt;
      bool ok = false;
      const double v = parser.value(o).toDouble(&ok);
      if (!ok || !(v >= lo && v <= hi)) {
        throw std::invalid_argument("--" + o.names().front().toStdString() + " must be " +
                                    std::to_string(lo) + "-" + std::to_string(hi));
      }
      return v;
    };
    int trial_count = 1;
    try {
      options.trial_seconds = seconds(trial_seconds, 1, 900);
      options.countdown_seconds = seconds(countdown, 0, 10);
      trial_count = static_cast<int>(seconds(trials, 1, 20).value_or(1));
    } catch (const std::exception& e) {
      std::cerr << "holdfast-station: " << e.what() << "\n";
      return 2;
    }
    ui::StationWindow station;
    station::LiveSession session(options, station);
    if (!session.loadSetup()) {
      std::cerr << "holdfast-station: the protocol library " << options.protocol_folder.string()
                << " could not be read\n";
      if (parser.isSet(screenshot)) return 2;
    }
    if (!recovered.isEmpty())
      station.setup()->showMessage("Recovered interrupted recording(s): " + recovered.join("; "),
                                   false);
    if (parser.isSet(screenshot)) {
      if (!options.simulate) {
        std::cerr << "holdfast-station: --screenshot without FILE.h5 needs --simulate\n";
        return 2;
      }
      std::string id;
      try {
        id = scriptedPatient(data, parser.value(patient));
      } catch (const std::exception& e) {
        std::cerr << "holdfast-station: " << e.what() << "\n";
        return 2;
      }
      session.loadSetup();
      const double per_trial =
          options.trial_seconds.value_or(10) + options.countdown_seconds.value_or(3) + 3;
      return runScripted(station, session, QString::fromStdString(id), parser.value(protocol_id),
                         trial_count, parser.value(screenshot), 30 + per_trial * trial_count);
    }
    station.show();
    return QApplication::exec();
  }

  ui::SessionWindow window;
  QObject::connect(&window, &ui::SessionWindow::openRequested, &window,
                   [&window](const QString& path) { load(window, path); });
  if (!files.isEmpty() && !load(window, files.front())) {
    if (parser.isSet(screenshot)) return 2;
  } else if (files.isEmpty() && !last_recovered.isEmpty()) {
    load(window, last_recovered);
  }
  if (!recovered.isEmpty()) {
    window.showMessage("Recovered interrupted recording(s): " + recovered.join("; "));
  }
  window.show();

  if (parser.isSet(screenshot)) {
    const QString out = parser.value(screenshot);
    int code = 0;
    // Let the layout settle and the charts paint once before grabbing.
    QTimer::singleShot(300, &window, [&window, &out, &code] {
      if (!window.grab().save(out)) {
        std::cerr << "holdfast-station: cannot write " << out.toStdString() << "\n";
        code = 1;
      }
      QApplication::exit(code);
    });
    return QApplication::exec() == 0 ? code : 1;
  }
  return QApplication::exec();
}
