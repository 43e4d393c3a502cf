// holdfast report: the clinical PDF from the command line, without a display (Qt's offscreen
// platform when no display is set). The same builder and writer as the station's report.

#include <QApplication>
#include <cstdlib>
#include <iostream>

#include "Commands.h"
#include "holdfast/cli/AnalysisOptions.h"
#include "holdfast/cli/SessionAnalyser.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/report/SessionResults.h"
#include "holdfast/session/AnalysisParameters.h"
#include "holdfast/session/TestDefinition.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/ui/ClinicalReport.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& reportSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("report", "Write the clinical PDF report of one or more sessions.",
                  "holdfast report FILE.h5... --pdf OUT.pdf [--pseudonymous] "
                  "[--criteria FILE.json] [--test-library DIR] [--data-dir DIR]");
    s.positionals("FILE.h5", "session files (one section each)", 1, 50)
        .option("pdf", "OUT.pdf", "the report to write (required)")
        .option("criteria", "FILE.json",
                "return-to-sport criteria (default: those of the session's test)")
        .flag("pseudonymous",
              "the shareable version: the patient's pseudonymous id only (no name, date of "
              "birth or record number)");
    addTestLibraryOption(s);
    addDataFolderOption(s);
    addAnalysisOptions(s);
    s.note(
        "Each session is analysed with its own method and criteria: the test stored with it\n"
        "when it was recorded (else the test library's test of that id, else the defaults and\n"
        "no criteria), as 'analyze' does; options override them and the report says so. The\n"
        "trend chart shows the sessions of the same patient and test found beside each file,\n"
        "with the MDC95 band. Runs without a display.\n"
        "The report names the patient as the clinic files it: name, date of birth, age at the\n"
        "test and record number from the registry of the session's data folder (the one\n"
        "holding it as DATA/sessions/ID/, else --data-dir; session files hold only the id),\n"
        "the clinician (the session's operator), the local date and time;\n"
        "every page carries the patient and 'page x of y'. --pseudonymous leaves the identity\n"
        "out, for sharing.");
    return s;
  }();
  return spec;
}

int runReport(const ParsedArgs& args) {
  const auto out = args.value("pdf");
  if (!out) throw UsageError("give the report's path with --pdf OUT.pdf");
  if (fs::path(*out).extension() != ".pdf") throw UsageError("--pdf must name a .pdf file");
  const SessionAnalyser analyser(args);

  // Reading and analysing first: a bad file is a clear error before any Qt start-up.
  struct Item {
    fs::path file;
    store::SessionRecord session;
    SessionAnalysis analysis;
    std::optional<double> sem_n;
  };
  std::vector<Item> items;
  for (const std::string& file : args.positionals()) {
    Item item;
    item.file = file;
    try {
      item.session = store::readSessionFile(file);
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
    // The session's own method and criteria (its stored test), as every other path uses.
    const SessionMethod method = analyser.methodFor(item.session);
    item.sem_n = method.sem_n;
    item.analysis = analyser.analyse(item.session, method);
    items.push_back(std::move(item));
  }

  // No display needed: Qt draws the charts and the PDF offscreen.
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY") &&
      !std::getenv("QT_QPA_PLATFORM")) {
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
  }
  int argc = 1;
  char name[] = "holdfast";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  std::vector<ui::ResultsView> views;
  std::vector<ui::ReportIdentity> identities;
  for (const Item& item : items) {
    identities.push_back(reportIdentity(dataFolderOfSession(args, item.file),
                                        item.session.info.patient_id, args.flag("pseudonymous")));
    std::vector<std::string> skipped;
    ui::TrendView trend = buildTrend(item.file, item.session, item.analysis, item.analysis.method,
                                     item.sem_n, &skipped);
    for (const std::string& s : skipped) std::cerr << "warning: trend skips " << s << "\n";
    views.push_back(buildResultsView(item.file, item.session, item.analysis, std::move(trend)));
  }
  try {
    ui::writeClinicalReportPdf(views, identities, QString::fromStdString(*out));
  } catch (const std::exception& e) {
    std::cerr << "holdfast report: " << e.what() << "\n";
    return kExitFailure;
  }
  std::cout << "report written: " << *out << " (" << views.size() << " session"
            << (views.size() == 1 ? "" : "s") << ")\n";
  for (std::size_t i = 0; i < identities.size(); ++i) {
    if (!identities[i].pseudonymous && !identities[i].registered &&
        !items[i].session.info.patient_id.empty()) {
      std::cerr << "warning: patient '" << items[i].session.info.patient_id
                << "' is not in the registry at "
                << dataFolderOfSession(args, items[i].file).string()
                << ": the report names the id only\n";
    }
  }
  return kExitOk;
}

}  // namespace holdfast::app
