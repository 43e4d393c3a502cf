#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "Commands.h"
#include "SessionAnalysis.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::app {

using nlohmann::json;

const CommandSpec& analyzeSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s(
        "analyze", "Compute baseline, onset and peak force for every trial of a session.",
        "holdfast analyze FILE.h5 [--json] [--baseline-window A:B] [--onset sd:K|fixed:N]");
    s.positionals("FILE.h5", "a session file recorded by 'holdfast acquire'", 1, 1)
        .flag("json", "print the results as JSON (keys in docs/analysis.md)")
        .option("baseline-window", "A:B",
                "baseline from a fixed window, seconds from the first sample (default: the 1 s "
                "window with the lowest SD before the peak)")
        .option("onset", "sd:K|fixed:N",
                "onset rule: first sample above baseline + K SD (default sd:5), or above "
                "baseline + N newtons")
        .note(
            "A two-plate trial (side 'both') gives a left and a right entry. When the session has\n"
            "left and right entries, the best peaks are compared: asymmetry index\n"
            "(R-L)/max(L,R), limb symmetry index involved/uninvolved, and symmetry angle.");
    return s;
  }();
  return spec;
}

namespace {

analysis::MaximalEffortMethod methodFrom(const ParsedArgs& args) {
  analysis::MaximalEffortMethod m;
  if (auto w = args.value("baseline-window")) {
    const auto colon = w->find(':');
    const auto a = colon == std::string::npos ? std::nullopt : parseDouble(w->substr(0, colon));
    const auto b = colon == std::string::npos ? std::nullopt : parseDouble(w->substr(colon + 1));
    if (!a || !b || *a < 0 || *b <= *a) {
      throw UsageError("option --baseline-window expects A:B in seconds with 0 <= A < B, got '" +
                       *w + "'");
    }
    m.baseline = analysis::MaximalEffortMethod::BaselineKind::FixedWindow;
    m.baseline_start_s = *a;
    m.baseline_end_s = *b;
  }
  if (auto o = args.value("onset")) {
    const auto colon = o->find(':');
    const std::string kind = o->substr(0, colon);
    // value_or(-1) rather than optional access: GCC 12 warns (wrongly) about the latter here.
    const double value =
        colon == std::string::npos ? -1.0 : parseDouble(o->substr(colon + 1)).value_or(-1.0);
    if (kind == "sd" && value > 0 && value <= 100) {
      m.onset.kind = analysis::OnsetMethod::Kind::BaselineSd;
      m.onset.sd_multiple = value;
    } else if (kind == "fixed" && value > 0 && value <= 10000) {
      m.onset.kind = analysis::OnsetMethod::Kind::FixedAboveBaseline;
      m.onset.fixed_n = value;
    } else {
      throw UsageError(
          "option --onset expects sd:K (0 < K <= 100) or fixed:N (0 < N <= 10000), got '" + *o +
          "'");
    }
  }
  return m;
}

json optionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json methodJson(const analysis::MaximalEffortMethod& m) {
  json j;
  const bool quiet = m.baseline == analysis::MaximalEffortMethod::BaselineKind::QuietestWindow;
  j["baseline"] = quiet ? "quietest-window" : "fixed-window";
  if (quiet) {
    j["baseline_window_s"] = m.baseline_window_s;
  } else {
    j["baseline_window"] = {m.baseline_start_s, m.baseline_end_s};
  }
  j["onset"] = m.onset.describe();
  j["peak"] = "highest sample";
  j["filter"] = "none";
  j["time_origin"] = "first sample of the trial";
  j["movement_sd_limit_n"] = m.movement_sd_limit_n;
  return j;
}

json toJson(const std::string& file, const store::SessionRecord& session,
            const SessionAnalysis& a) {
  json j;
  j["file"] = file;
  j["session"] = {{"patient_id", session.info.patient_id},
                  {"test", session.info.test},
                  {"involved", session.info.involved},
                  {"body_mass_kg", optionalNumber(session.info.body_mass_kg)}};
  j["trials"] = json::array();
  for (const auto& e : a.entries) {
    json t = {{"trial", e.trial},
              {"side", e.side},
              {"channel", e.channel_name},
              {"samples", e.samples},
              {"sample_rate_hz", e.sample_rate_hz}};
    t["efforts"] = json::array();
    if (!e.error.empty()) t["error"] = e.error;
    if (e.effort) {
      const auto& f = *e.effort;
      t["efforts"].push_back({{"onset_s", optionalNumber(f.onset_s)},
                              {"baseline_n", f.baseline.mean_n},
                              {"baseline_sd_n", f.baseline.sd_n},
                              {"baseline_window_s", {f.baseline.start_s, f.baseline.end_s}},
                              {"onset_threshold_n", f.onset_threshold_n},
                              {"peak_force_n", f.peak.force_n},
                              {"peak_time_s", f.peak.time_s},
                              {"net_peak_force_n", f.net_peak_force_n},
                              {"relative_peak_n_per_kg", optionalNumber(f.relative_peak_n_per_kg)},
                              {"time_to_peak_s", optionalNumber(f.time_to_peak_s)},
                              {"quality_flags", f.quality_flags}});
    }
    j["trials"].push_back(t);
  }
  j["asymmetry"] = json::array();
  if (const auto& s = a.peak_force_asymmetry) {
    j["asymmetry"].push_back({{"metric", "peak_force_n"},
                              {"left", s->left},
                              {"right", s->right},
                              {"asymmetry_index_percent", s->asymmetry_index_percent},
                              {"lsi_percent", optionalNumber(s->lsi_percent)},
                              {"symmetry_angle_percent", s->symmetry_angle_percent},
                              {"flag", s->flag}});
  }
  j["method"] = methodJson(a.method);
  return j;
}

void printText(const std::string& file, const store::SessionRecord& session,
               const SessionAnalysis& a) {
  std::printf("Session %s: patient %s, test %s, involved side %s, %zu trial(s)\n", file.c_str(),
              session.info.patient_id.empty() ? "(none)" : session.info.patient_id.c_str(),
              session.info.test.c_str(),
              session.info.involved.empty() ? "(none)" : session.info.involved.c_str(),
              session.trials.size());
  std::printf("\n%-5s %-6s %8s %8s %11s %8s %9s %11s %10s  %s\n", "trial", "side", "samples",
              "rate_hz", "baseline_n", "onset_s", "peak_n", "net_peak_n", "to_peak_s", "flags");
  for (const auto& e : a.entries) {
    if (!e.effort) {
      std::printf("%-5d %-6s %8zu  cannot analyse: %s\n", e.trial, e.side.c_str(), e.samples,
                  e.error.c_str());
      continue;
    }
    const auto& f = *e.effort;
    std::string flags;
    for (const auto& q : f.quality_flags) flags += (flags.empty() ? "" : ",") + q;
    char onset[32] = "-", ttp[32] = "-";
    if (f.onset_s) std::snprintf(onset, sizeof onset, "%.3f", *f.onset_s);
    if (f.time_to_peak_s) std::snprintf(ttp, sizeof ttp, "%.3f", *f.time_to_peak_s);
    std::printf("%-5d %-6s %8zu %8.1f %11.2f %8s %9.2f %11.2f %10s  %s\n", e.trial, e.side.c_str(),
                e.samples, e.sample_rate_hz, f.baseline.mean_n, onset, f.peak.force_n,
                f.net_peak_force_n, ttp, flags.empty() ? "-" : flags.c_str());
  }
  if (const auto& s = a.peak_force_asymmetry) {
    std::printf("\nLeft/right, best peak force: left %.1f N, right %.1f N, difference %.1f N\n",
                s->left, s->right, s->right - s->left);
    std::printf("  asymmetry index (R-L)/max: %+.1f %% [%s]", s->asymmetry_index_percent,
                s->flag.c_str());
    if (s->lsi_percent) {
      std::printf(", limb symmetry index (involved %s): %.1f %%", session.info.involved.c_str(),
                  *s->lsi_percent);
    }
    std::printf(", symmetry angle: %+.1f %%\n", s->symmetry_angle_percent);
  }
  std::printf(
      "\nMethod: baseline %s; onset %s; peak = highest sample; no filter.\n",
      a.method.baseline == analysis::MaximalEffortMethod::BaselineKind::QuietestWindow
          ? "= mean of the 1 s window with the lowest SD before the peak"
          : "= mean of the given window",
      a.method.onset.kind == analysis::OnsetMethod::Kind::BaselineSd
          ? ("= first sample above baseline + " + a.method.onset.describe().substr(3) + " SD")
                .c_str()
          : ("= first sample above baseline + " + a.method.onset.describe().substr(6) + " N")
                .c_str());
}

}  // namespace

int runAnalyze(const ParsedArgs& args) {
  const std::string file = args.positionals().front();
  const analysis::MaximalEffortMethod method = methodFrom(args);
  store::SessionRecord session;
  try {
    session = store::readSessionFile(file);
  } catch (const store::StoreError& e) {
    std::cerr << "holdfast analyze: " << e.what() << "\n";
    return kExitUsage;
  }
  const SessionAnalysis result = analyzeSession(session, method);
  if (args.flag("json")) {
    std::cout << toJson(file, session, result).dump(2) << "\n";
  } else {
    printText(file, session, result);
  }
  if (result.anyFailed()) {
    std::cerr << "holdfast analyze: some trials could not be analysed (see above)\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace holdfast::app
