// holdfast-station: the dashboard. Without a file it runs a live session (station::LiveSession:
// patient, test, device, live trace, biofeedback, results, report); with FILE.h5 it shows that
// recorded session, analysed with the method of its stored results (report::buildSessionView).
// The command line is parsed (cli) before Qt starts, so --help needs no display.

#include <sys/stat.h>
#include <QApplication>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <iostream>

#include <filesystem>

#include "holdfast/cli/CommandLine.h"
#include "holdfast/cli/Licence.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/recording/InterruptedRecordings.h"
#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/report/RecordedSession.h"
#include "holdfast/report/SessionResults.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/results/SessionMethod.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/simulator/PtySimulator.h"
#include "holdfast/station/LiveSession.h"
#include "holdfast/station/ScriptedRun.h"
#include "holdfast/ui/LiveDashboard.h"
#include "holdfast/ui/SessionWindow.h"
#include "holdfast/ui/StationWindow.h"

namespace {

using namespace holdfast;

/// Loads `path` into the window; returns false (and says why) when it cannot be read.
bool load(ui::SessionWindow& window, const QString& path, const std::filesystem::path& library,
          const std::filesystem::path& data, bool pseudonymous) {
  try {
    // The same Results page as after a live session, then the traces.
    const report::RecordedSessionViews views =
        report::recordedSessionViews(path.toStdString(), library);
    window.setReportIdentity(
        report::reportIdentity(data, views.results.patient.toStdString(), pseudonymous));
    window.showSession(views.traces, views.results);
    window.showPage(ui::SessionWindow::Results);
    return true;
  } catch (const std::exception& e) {
    window.showMessage(QString("Cannot open %1: %2").arg(path, e.what()));
    std::cerr << "holdfast-station: " << e.what() << "\n";
    return false;
  }
}

}  // namespace

const cli::CommandSpec& stationSpec() {
  static const cli::CommandSpec spec = [] {
    cli::CommandSpec s("station",
                       "Holdfast station: records a patient's tests live, or shows a recorded "
                       "session's traces and results.",
                       "holdfast-station [FILE.h5] [--data-dir DIR] [--simulate] [--test ID] "
                       "[--screenshot FILE.png]");
    s.invokedAs("holdfast-station");
    s.positionals("FILE.h5", "a session file to open (without it: the live station)", 0, 1);
    cli::addDataFolderOption(s);
    cli::addTestLibraryOption(s);
    s.flag("version", "print the version and exit")
        .flag("simulate", "start on the built-in simulator (a simulated patient)")
        .flag("pseudonymous",
              "reports are the shareable version: the patient's pseudonymous id only (no name, "
              "date of birth or record number); also a choice on the Setup page")
        .option("screenshot", "FILE.png", "save a picture of the window to FILE.png and quit")
        .option("test", "ID", "scripted run: the test (default isometric-max)")
        .option("patient", "ID", "scripted run: the patient id (default: the first)")
        .option("trials", "N", "scripted run: how many trials to record (default 1)")
        .option("trial-seconds", "S", "record S seconds per trial (scripted runs)")
        .option("countdown-seconds", "S", "countdown before 'go' (scripted runs)")
        .option("lever-arm-m", "M",
                "scripted run of a dynamometer test: the lever arm typed on the record page "
                "before each trial, 0.05-1.5 m")
        .option("simulator-faults", "LIST",
                "faults the simulator injects, as 'holdfast simulate --fault' takes them "
                "(e.g. unplug:6:2)");
    s.note(
        "Interrupted recordings in the data folder are recovered at start-up. Exit codes: 0\n"
        "success, 1 a scripted run failed, 2 bad command line or unreadable file.");
    return s;
  }();
  return spec;
}

int main(int argc, char** argv) {
  umask(077);  // patient data: folders 0700, files 0600, whoever else uses the machine
  // The command line first: --help, --version and a bad option need no display.
  cli::ParsedArgs args;
  station::StationOptions options;
  int trial_count = 1;
  try {
    const std::vector<std::string> words(argv + 1, argv + argc);
    args = stationSpec().parse(words);
    if (args.help()) {
      std::cout << stationSpec().helpText();
      return cli::kExitOk;
    }
    if (args.flag("version")) {
      std::cout << "holdfast-station " << HOLDFAST_VERSION << "\n"
                << "test library: " << method::defaultTestLibrary().string() << "\n"
                << cli::kLicenceText;
      return cli::kExitOk;
    }
    options.data_folder = cli::dataFolderFrom(args);
    options.test_library = cli::testLibraryFrom(args).value_or(method::defaultTestLibrary());
    options.simulate = args.flag("simulate");
    options.pseudonymous_report = args.flag("pseudonymous");
    options.simulator_faults = args.value("simulator-faults").value_or("");
    if (!options.simulator_faults.empty()) {
      try {
        (void)simulator::parseSimulatorFaults(options.simulator_faults);
      } catch (const std::exception& e) {
        throw cli::UsageError(std::string("--simulator-faults: ") + e.what());
      }
    }
    // These choose what a scripted run records; the live station asks for them on its pages.
    // Given without --screenshot they would be ignored in silence, and a window left waiting.
    if (!args.value("screenshot")) {
      for (const char* scripted : {"test", "patient", "trials", "lever-arm-m"}) {
        if (args.value(scripted)) {
          throw cli::UsageError(std::string("--") + scripted +
                                " is for a scripted run, which --screenshot FILE.png starts (the "
                                "live station asks for it on its pages)");
        }
      }
    }
    // An empty id would fall to the default (the registry's first patient): another person.
    if (const auto patient = args.value("patient"); patient && patient->empty()) {
      throw cli::UsageError("--patient needs an id ('holdfast patients list' shows them)");
    }
    options.trial_seconds = args.number("trial-seconds", 1, 900);
    options.countdown_seconds = args.number("countdown-seconds", 0, 10);
    options.lever_arm_m = args.number("lever-arm-m", 0.05, 1.5);
    trial_count = static_cast<int>(args.integer("trials", 1, 20).value_or(1));
  } catch (const std::exception& e) {
    std::cerr << "holdfast-station: " << e.what() << "\n";
    return cli::kExitUsage;
  }

  cli::openActivityLogIn(options.data_folder, "station");
  QApplication app(argc, argv);
  QApplication::setApplicationName("holdfast-station");
  QApplication::setOrganizationName("Holdfast");
  QApplication::setApplicationVersion(HOLDFAST_VERSION);
  const std::vector<std::string>& files = args.positionals();
  const std::filesystem::path& data = options.data_folder;
  const auto screenshot = args.value("screenshot");

  // Recordings cut short (crash, power loss) are finished from their journals before anything
  // else, so the clinician sees them.
  QStringList recovered;
  QString last_recovered;
  for (const recording::RecoveryOutcome& o : recording::recoverInterruptedRecordings(data)) {
    std::cerr << "holdfast-station: " << o.message << "\n";
    recovered << QString::fromStdString(o.message);
    if (o.ok && !o.in_use) last_recovered = QString::fromStdString(o.session.string());
  }

  // Without a file: the live station. A recording recovered at start-up is shown in its
  // Results page (the clinician sees what was saved) and recording can start at once.
  if (files.empty()) {
    // The live station.
    ui::StationWindow station;
    station::LiveSession session(options, station);
    if (!session.loadSetup()) {
      std::cerr << "holdfast-station: " << session.setupProblem().toStdString() << "\n";
      if (screenshot) return cli::kExitUsage;
    }
    if (!recovered.isEmpty())
      station.setup()->showMessage("Recovered interrupted recording(s): " + recovered.join("; "),
                                   false);
    if (!last_recovered.isEmpty() && std::filesystem::exists(last_recovered.toStdString()))
      session.openRecorded(last_recovered);
    if (screenshot && !options.simulate && !last_recovered.isEmpty()) {
      // A picture of the recovered session's Results page.
      station.show();
      int code = 0;
      const QString out = QString::fromStdString(*screenshot);
      QTimer::singleShot(300, &station, [&station, &out, &code] {
        if (!station.grab().save(out)) code = 1;
        QApplication::exit(code);
      });
      return QApplication::exec() == 0 ? code : 1;
    }
    if (screenshot) {
      if (!options.simulate) {
        std::cerr << "holdfast-station: --screenshot without FILE.h5 needs --simulate\n";
        return cli::kExitUsage;
      }
      try {
        const std::string test_id = cli::knownTestId(args, session.tests());
        return station::runScriptedTest(station, session, options,
                                        QString::fromStdString(args.value("patient").value_or("")),
                                        test_id, trial_count, QString::fromStdString(*screenshot));
      } catch (const std::exception& e) {  // an unknown test or patient
        std::cerr << "holdfast-station: " << e.what() << "\n";
        return cli::kExitUsage;
      }
    }
    station.show();
    return QApplication::exec();
  }

  ui::SessionWindow window;
  window.setOpenFolder(QString::fromStdString((data / "sessions").string()));
  const std::filesystem::path library = options.test_library;
  QObject::connect(&window, &ui::SessionWindow::openRequested, &window,
                   [&window, library, &args, &options](const QString& path) {
                     load(window, path, library, cli::dataFolderOfSession(args, path.toStdString()),
                          options.pseudonymous_report);
                   });
  if (!files.empty() &&
      !load(window, QString::fromStdString(files.front()), library,
            cli::dataFolderOfSession(args, files.front()), options.pseudonymous_report)) {
    if (screenshot) return cli::kExitUsage;
  }
  if (!recovered.isEmpty()) {
    window.showMessage("Recovered interrupted recording(s): " + recovered.join("; "));
  }
  window.show();

  if (screenshot) {
    const QString out = QString::fromStdString(*screenshot);
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
