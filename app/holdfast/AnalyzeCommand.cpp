#include <cstdio>
#include <iostream>

#include "Commands.h"
#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/cli/AnalysisOptions.h"
#include "holdfast/cli/SessionAnalyser.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/method/AnalysisParameters.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/ResultsTable.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/results/SessionInput.h"
#include "holdfast/results/SessionMethod.h"
#include "holdfast/results/SessionOutcome.h"
#include "holdfast/results/SessionReport.h"
#include "holdfast/results/SessionReportText.h"
#include "holdfast/results/StoredAnalyses.h"

namespace holdfast::app {

const CommandSpec& analyzeSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("analyze",
                  "Compute strength metrics for every trial of a session and store them in it.",
                  "holdfast analyze FILE.h5 [--json] [--test ID] [--criteria FILE.json] "
                  "[--no-store] [analysis options]");
    s.positionals("FILE.h5",
                  "a session file recorded by 'holdfast acquire' or made by 'holdfast import'", 1,
                  1)
        .flag("json", "print the results as JSON (keys in docs/analysis.md)")
        .option("criteria", "FILE.json",
                "return-to-sport criteria to evaluate (format in docs/analysis.md)")
        .flag("no-store", "do not store the results in the session file")
        .option("compare-to", "BASELINE.h5",
                "an earlier session: change of each side's best value of the test's headline "
                "metric (peak force; hold time, critical force, jump height, RSI, sway "
                "velocity) from its own stored results")
        .option("sem", "VALUE",
                "standard error of measurement of that metric, in its unit, for MDC95 = 1.96 x "
                "sqrt(2) x SEM")
        .option("sem-n", "N", "the same in newtons, for a metric in N (peak force)")
        .option("icc", "R",
                "test-retest ICC, with --between-sd (or --between-sd-n), when the SEM is not "
                "known: SEM = SD x sqrt(1 - ICC)")
        .option("between-sd", "VALUE", "between-subject SD of the metric, in its unit, with --icc")
        .option("between-sd-n", "N", "the same in newtons, for a metric in N");
    s.option("test", "ID",
             "analyse as this test of the library (its method and criteria) instead of the "
             "session's own; an unknown id is an error naming the nearest. Stored as an override");
    addAnalysisOptions(s);
    addTestLibraryOption(s);
    s.note(
        "Every effort of every trial is measured: baseline, onset, peak, net and relative peak, "
        "time to\n"
        "peak, force at 50-250 ms, RFD over 0-50/100/200/250 ms, peak RFD, impulses, best-window "
        "mean;\n"
        "hold endurance when a target is given; critical force for a critical-force test. A "
        "two-plate\n"
        "trial (side 'both') gives a left and a right entry; left and right are compared on their "
        "best\n"
        "values. The results and every parameter are stored in FILE.h5 under /analysis.\n"
        "The method is the session's own: the test definition stored with it when it was\n"
        "recorded (else the test library's test of that id, else the defaults), criteria\n"
        "included; the options above override it and are stored as overrides.");
    return s;
  }();
  return spec;
}

int runAnalyze(const ParsedArgs& args) {
  const std::string file = args.positionals().front();
  const SessionAnalyser analyser(args);
  const store::SessionRecord session = readSessionInput(file);
  // The session's own method (its stored test), the options over it as recorded overrides.
  const SessionAnalysis result = analyser.analyse(session);
  const analysis::AnalysisMethod& method = result.method;
  nlohmann::ordered_json json = analysisJson(file, session, result);
  std::optional<BaselineComparison> comparison;
  std::string compared_metric;
  if (const auto baseline_file = args.value("compare-to")) {
    // The test's headline metric, in its unit; the SEM and SD are given in that unit (the -n
    // forms in newtons only for a metric in newtons).
    compared_metric = headlineMetric(method);
    const analysis::MetricInfo& info = analysis::metricInfo(compared_metric);
    const bool in_newtons = std::string(info.unit) == "N";
    const auto inUnit = [&](const char* plain, const char* newtons) -> std::optional<double> {
      if (const auto v = args.number(plain, 0.0, 1e6)) return v;
      const auto n = args.number(newtons, 0.0, 10000.0);
      if (n && !in_newtons)
        throw UsageError(std::string("--") + newtons + " is in newtons, but this test compares " +
                         compared_metric + " (" + info.unit + "): give --" + plain + " in " +
                         info.unit);
      return n;
    };
    double sem = 0.0;
    if (const auto given = inUnit("sem", "sem-n")) {
      sem = *given;
    } else if (const auto icc = args.number("icc", 0.0, 1.0)) {
      const auto sd = inUnit("between-sd", "between-sd-n");
      if (!sd) throw UsageError("--icc needs --between-sd (or --between-sd-n)");
      sem = analysis::semFromIcc(*sd, *icc);
    } else {
      throw UsageError(
          "--compare-to needs the measurement error: --sem VALUE, or --icc R with --between-sd "
          "VALUE (in the unit of " +
          compared_metric + ")");
    }
    comparison = compareToBaseline(result, session.info, *baseline_file, compared_metric, sem,
                                   analyser.library());
    comparison->addTo(json);
  }
  if (args.flag("json")) {
    std::cout << json.dump(2) << "\n";
  } else {
    // The text is the report model drawn (the trend is the PDF's: --compare-to names one).
    std::fputs(sessionReportText(buildSessionReport(file, session, result, {})).c_str(), stdout);
    if (comparison)
      std::fputs(baselineChangeText(comparison->changes, comparison->baseline_file).c_str(),
                 stdout);
  }
  int code = kExitOk;
  if (!args.flag("no-store")) {
    try {
      // Made with another method than the stored results: those are kept beside these.
      const std::string kept = results::storeAnalysis(file, session, result, &json);
      if (!kept.empty())
        std::cerr << "holdfast analyze: the earlier analysis (another method) is kept in " << file
                  << " under " << kept << "\n";
    } catch (const std::exception& e) {
      std::cerr << "holdfast analyze: the results were not stored: " << e.what() << "\n";
      code = kExitFailure;
    }
  }
  if (result.anyFailed()) {
    std::cerr << "holdfast analyze: some trials could not be analysed (see above)\n";
    code = kExitFailure;
  }
  return code;
}

}  // namespace holdfast::app
