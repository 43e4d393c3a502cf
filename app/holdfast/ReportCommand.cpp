// holdfast report: the clinical PDF from the command line, without a display (Qt's offscreen
// platform when no display is set). The same builder and writer as the station's report.

#include <QApplication>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "Commands.h"
#include "holdfast/cli/AnalysisOptions.h"
#include "holdfast/cli/SessionAnalyser.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/results/StrengthRatios.h"
#include "holdfast/method/AnalysisParameters.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/report/SessionResults.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/Battery.h"
#include "holdfast/results/SessionInput.h"
#include "holdfast/results/SessionReport.h"
#include "holdfast/results/SessionReportJson.h"
#include "holdfast/ui/ClinicalReport.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& reportSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("report", "Write the clinical PDF report of one or more sessions.",
                  "holdfast report FILE.h5... (--pdf OUT.pdf | --json) [--pseudonymous] "
                  "[--criteria FILE.json] [--test-library DIR] [--data-dir DIR]");
    s.positionals("FILE.h5", "session files (one section each)", 1, 50)
        .option("pdf", "OUT.pdf", "the report to write")
        .flag("json",
              "print the report's model as JSON (each session's analysis and, for several "
              "sessions of one patient, the battery) instead of or beside the PDF")
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
        "out, for sharing.\n"
        "Several sessions of one patient are a return-to-sport battery: page 1 opens with the\n"
        "overall line ('Return-to-sport battery: 4 of 7 criteria met: not cleared', every\n"
        "applicable criterion of every session counted; cleared only when all are met) and\n"
        "each session's part; --json prints it as 'battery'.");
    return s;
  }();
  return spec;
}

int runReport(const ParsedArgs& args) {
  const auto out = args.value("pdf");
  const bool json = args.flag("json");
  if (!out && !json) throw UsageError("give the report's path with --pdf OUT.pdf (or --json)");
  if (out && fs::path(*out).extension() != ".pdf") throw UsageError("--pdf must name a .pdf file");
  const SessionAnalyser analyser(args);

  // Reading and analysing first: a bad file is a clear error before any Qt start-up.
  struct Item {
    fs::path file;
    store::SessionRecord session;
    SessionAnalysis analysis;
    std::optional<double> sem_n;
    std::string test_name;
  };
  std::vector<Item> items;
  for (const std::string& file : args.positionals()) {
    Item item;
    item.file = file;
    item.session = readSessionInput(file);
    // The session's own method and criteria (its stored test), as every other path uses.
    const SessionMethod method = analyser.methodFor(item.session);
    item.sem_n = method.sem_n;
    item.test_name = method.test ? method.test->name : item.session.info.test;
    item.analysis = analyser.analyse(item.session, method);
    items.push_back(std::move(item));
  }

  // Several sessions of one patient: the battery's one verdict.
  std::optional<Battery> battery;
  std::vector<StrengthRatio> ratios;  // across the visit's tests (hip add/abd, H:Q, ER/IR)
  if (items.size() > 1) {
    const std::string& patient = items.front().session.info.patient_id;
    const bool one_patient = std::all_of(items.begin(), items.end(), [&](const Item& i) {
      return i.session.info.patient_id == patient;
    });
    if (one_patient) {
      std::vector<BatteryPart> parts;
      for (const Item& i : items) {
        parts.push_back({i.file.string(), i.session.info.test, i.test_name,
                         i.session.info.created_utc, i.analysis.criteria_set, i.analysis.verdict});
      }
      battery = batteryOf(patient, std::move(parts));
      std::vector<std::pair<std::string, analysis::MetricValues>> values;
      for (const Item& i : items) values.emplace_back(i.session.info.test, i.analysis.values);
      ratios = strengthRatios(values);
    } else {
      std::cerr << "warning: the sessions are of more than one patient: no battery verdict\n";
    }
  }
  // The model of each session's report (the trend of the patient's sessions beside it).
  std::vector<SessionReport> reports;
  for (const Item& item : items) {
    std::vector<std::string> skipped;
    ReportTrend trend = sessionTrend(item.file, item.session, item.analysis, item.sem_n, &skipped);
    for (const std::string& s : skipped) std::cerr << "warning: trend skips " << s << "\n";
    reports.push_back(buildSessionReport(item.file, item.session, item.analysis, std::move(trend)));
  }
  if (json) {
    nlohmann::ordered_json model;
    if (battery) model["battery"] = battery->json();
    if (!ratios.empty()) model["strength_ratios"] = strengthRatiosJson(ratios);
    auto& sessions = model["sessions"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      nlohmann::ordered_json s = sessionReportJson(reports[i]);
      s["analysis"] = analysisJson(items[i].file.string(), items[i].session, items[i].analysis);
      sessions.push_back(std::move(s));
    }
    std::cout << model.dump(2) << "\n";
    if (!out) return kExitOk;
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
  for (std::size_t i = 0; i < items.size(); ++i) {
    identities.push_back(reportIdentity(dataFolderOfSession(args, items[i].file),
                                        items[i].session.info.patient_id,
                                        args.flag("pseudonymous")));
    views.push_back(resultsView(reports[i], items[i].session));
  }
  std::optional<ui::BatteryView> battery_view;
  if (battery) {
    ui::BatteryView b;
    b.line = QString::fromStdString(battery->text());
    b.cleared = battery->cleared();
    b.has_verdict = battery->criteria_total > 0;
    for (const std::string& line : battery->partLines()) b.parts << QString::fromStdString(line);
    for (const StrengthRatio& r : ratios) b.ratios << QString::fromStdString(r.text());
    battery_view = std::move(b);
  }
  try {
    ui::writeClinicalReportPdf(views, identities, QString::fromStdString(*out), battery_view);
  } catch (const std::exception& e) {
    std::cerr << "holdfast report: " << e.what() << "\n";
    return kExitFailure;
  }
  // With --json, stdout holds the JSON alone.
  std::ostream& said = json ? std::cerr : std::cout;
  said << "report written: " << *out << " (" << views.size() << " session"
       << (views.size() == 1 ? "" : "s") << ")\n";
  if (battery) said << battery->text() << "\n";
  for (const StrengthRatio& r : ratios) said << r.text() << "\n";
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
