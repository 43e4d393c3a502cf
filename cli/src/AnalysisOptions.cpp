#include "holdfast/cli/AnalysisOptions.h"

#include "holdfast/method/AnalysisParameters.h"

namespace holdfast::cli {

void addAnalysisOptions(CommandSpec& spec) {
  spec.option("params", "FILE.json",
              "analysis parameters from a JSON file (keys as the options below, '_' or '-')")
      .option("baseline-window", "A:B",
              "baseline from a fixed window, seconds from the first sample (default: the quietest "
              "window before "
              "the first effort)")
      .option("baseline-window-s", "S", "length of the quietest baseline window (default 1)")
      .option("onset", "RULE",
              "onset above baseline: sd:K (K SD, default sd:5), fixed:N (N newtons) or bw:P (P % "
              "of body weight)")
      .option("filter", "F",
              "none (default) or butterworth:ORDER:HZ, zero-phase low-pass (use >= 100 Hz for RFD)")
      .option("hold-target-n", "N", "hold target in newtons: adds hold endurance to every effort")
      .option("hold-target-percent", "P", "hold target as P % of --reference-n")
      .option("reference-n", "N", "reference maximal force for --hold-target-percent")
      .option("tolerance-percent", "P", "hold counts above target x (1 - P/100) (default 5)")
      .option("grace-s", "S",
              "dips below the hold threshold shorter than S are not failure (default 1)")
      .option("min-rest-s", "S", "force at baseline this long ends an effort (default 1)")
      .option("peak-rfd-window-s", "S", "sliding window of the peak RFD (default 0.02)")
      .option("best-window-s", "S", "window of the best-window mean force (default 1)")
      .option("critical-force-last-reps", "N",
              "critical force = mean of the last N reps (default 6)")
      .option("critical-force-reps", "N",
              "the reps the critical-force test asks for: fewer is a warning (default: the "
              "test's)")
      .option("window", "A:B",
              "balance: the sway window, seconds from the first sample (A:B, A: or :B; default: "
              "the stance after the station's go, or the whole stance)")
      .option("touch-down-percent", "P",
              "single-leg stance: the other foot carrying P % of body weight ends it (default "
              "10)")
      .option("jump-type", "T",
              "jumps: cmj, squat-jump, drop-jump or hops (default: the test's); the weighing is "
              "the baseline window, the onset of movement --onset")
      .option("takeoff-threshold", "RULE",
              "jumps: flight is force below the plate's unloaded level + fixed:N newtons "
              "(default fixed:20) or sd:K SD of the unloaded plate")
      .option("box-height-m", "M",
              "drop jumps: the box height, for the velocity at touch-down (default: the test's)")
      .option("mass-kg", "X",
              "jumps: body mass instead of the weighing (the weighing still sets the onset "
              "band)");
}

analysis::AnalysisMethod analysisMethodFrom(const ParsedArgs& args) {
  return analysisMethodFrom(args, analysis::AnalysisMethod{});
}

std::vector<std::string> analysisOverrides(const ParsedArgs& args) {
  std::vector<std::string> given;
  if (const auto file = args.value("params")) given.push_back("params=" + *file);
  for (const auto& key : method::analysisSettingKeys()) {
    if (const auto v = args.value(key)) given.push_back(key + "=" + *v);
  }
  return given;
}

analysis::AnalysisMethod analysisMethodFrom(const ParsedArgs& args, analysis::AnalysisMethod base) {
  analysis::AnalysisMethod m = std::move(base);
  if (const auto file = args.value("params")) method::applyParameterFile(m, *file);
  for (const auto& key : method::analysisSettingKeys()) {
    if (const auto v = args.value(key)) method::applySetting(m, key, *v, "option --" + key + ":");
  }
  method::checkMethod(m);
  return m;
}

}  // namespace holdfast::cli
