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
#include "holdfast/results/SessionMethod.h"
#include "holdfast/results/SessionOutcome.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

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

namespace {

std::string value(const std::optional<double>& v, const char* format) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, *v);
  return buf;
}

std::optional<double> window(const std::vector<analysis::WindowValue>& values, const char* label) {
  for (const auto& w : values) {
    if (w.label == label) return w.value;
  }
  return std::nullopt;
}

/// Every left/right comparison of a balance or jump session, one line each.
void printAsymmetry(const SessionAnalysis& a) {
  for (const auto& [metric, s] : a.asymmetry) {
    std::printf("Left/right %s: left %.2f, right %.2f, asymmetry index %+.1f %% [%s]",
                metric.c_str(), s.left, s.right, s.asymmetry_index_percent, s.flag.c_str());
    if (s.lsi_percent) std::printf(", LSI %.1f %%", *s.lsi_percent);
    std::printf("\n");
  }
}

void printCriteria(const SessionAnalysis& a) {
  if (a.criteria.empty()) return;
  std::printf("\nReturn-to-sport criteria%s:\n",
              a.criteria_set.empty() ? "" : (", " + a.criteria_set).c_str());
  for (const auto& c : a.criteria) {
    std::printf("  [%s] %s: %s\n",
                !c.applicable ? "N/A "
                : c.pass      ? "PASS"
                              : "FAIL",
                c.criterion.name.c_str(), c.detail.c_str());
  }
  if (a.verdict) std::printf("  Verdict: %s\n", a.verdict->text().c_str());
}

void printMethodSource(const SessionAnalysis& a) {
  std::string overrides;
  for (const std::string& o : a.method_overrides) overrides += (overrides.empty() ? "" : ", ") + o;
  std::printf("Method from %s%s%s.\n", a.method_source.c_str(),
              overrides.empty() ? "" : "; overridden: ", overrides.c_str());
}

/// A balance session: one line per stance, then Romberg and left/right.
void printStances(const SessionAnalysis& a) {
  std::printf("\n%-5s %-6s %-11s %-5s %7s %9s %9s %8s %8s %10s %8s %7s  %s\n", "trial", "side",
              "condition", "surf", "dur_s", "path_mm", "vel_mm_s", "rms_ap", "rms_ml", "area95_mm2",
              "mfreq_hz", "left_%", "flags");
  for (const BalanceTrial& b : a.balance) {
    const char* condition = b.condition.empty() ? "-" : b.condition.c_str();
    const char* surface = b.surface.empty() ? "-" : b.surface.c_str();
    if (!b.sway && b.failure) {
      std::printf("%-5d %-6s %-11s %-5s stance ended at %.2f s, too short for sway\n", b.trial,
                  b.side.c_str(), condition, surface, b.failure->time_to_failure_s);
      continue;
    }
    if (!b.sway) {
      std::printf("%-5d %-6s %-11s %-5s cannot analyse: %s\n", b.trial, b.side.c_str(), condition,
                  surface, b.error.c_str());
      continue;
    }
    if (!b.left_out.empty())
      std::printf("%-5d %-6s LEFT OUT of means, Romberg, asymmetry and criteria: %s\n", b.trial,
                  b.side.c_str(), b.left_out.c_str());
    const analysis::SwayMetrics& s = *b.sway;
    std::string flags;
    for (const auto& f : b.quality_flags) flags += (flags.empty() ? "" : ",") + f;
    std::printf("%-5d %-6s %-11s %-5s %7.2f %9.1f %9.2f %8.2f %8.2f %10.1f %8.3f %7s  %s\n",
                b.trial, b.side.c_str(), condition, surface, s.duration_s, s.path_length_mm,
                s.mean_velocity_mm_per_s, s.rms_ap_mm, s.rms_ml_mm, s.ellipse_area_95_mm2,
                s.mean_frequency_hz, value(b.load_share_left_percent, "%.1f").c_str(),
                flags.empty() ? "-" : flags.c_str());
    if (b.failure) {
      if (b.failure->failed)
        std::printf("      stance ended at %.2f s: %s\n", b.failure->time_to_failure_s,
                    b.failure->cause == "other_foot_down"   ? "the other foot touched down"
                    : b.failure->cause == "load_left_plate" ? "the load left the plate"
                                                            : "the COP left the plate");
      else
        std::printf("      stance held %.2f s\n", b.failure->time_to_failure_s);
    }
  }
  if (!a.summaries.empty()) std::printf("\nAcross trials (mean velocity):\n");
  for (const auto& s : a.summaries) {
    std::printf("  %-6s %-11s %zu trial(s): mean %.2f mm/s, lowest %.2f mm/s, CV %.1f %%\n",
                s.side.c_str(), s.condition.empty() ? "-" : s.condition.c_str(), s.measure.n,
                s.measure.mean, s.measure.best, s.measure.cv_percent);
  }
  for (const RombergQuotient& r : a.romberg) {
    std::printf(
        "\nRomberg quotient (eyes closed / eyes open, %s%s): velocity %.0f %% (%.2f / %.2f "
        "mm/s), area %.0f %% (%.0f / %.0f mm2)\n",
        r.side.c_str(), r.surface.empty() ? "" : (", " + r.surface).c_str(), r.velocity_percent,
        r.eyes_closed_velocity_mm_per_s, r.eyes_open_velocity_mm_per_s, r.area_percent,
        r.eyes_closed_area_mm2, r.eyes_open_area_mm2);
  }
  printAsymmetry(a);
  printCriteria(a);
  std::printf(
      "\nMethod: sway over %s; COP low-pass %s; velocity = path / (samples / rate); 95 %% "
      "prediction ellipse; Welch mean frequency. For sway the LSI is uninvolved / involved x 100. "
      "All parameters: --json, or /analysis/method in the file.\n",
      a.method.sway.describeWindow().c_str(),
      a.method.filter.kind == analysis::FilterMethod::Kind::None
          ? "none"
          : ("Butterworth " + std::to_string(a.method.filter.order) + " order, " +
             value(a.method.filter.cutoff_hz, "%g") + " Hz, zero phase")
                .c_str());
  printMethodSource(a);
}

/// A jump session: one line per jump (or hop), the per-plate phases, then the session.
void printJumps(const SessionAnalysis& a) {
  std::printf("\n%-5s %-5s %3s %-9s %7s %7s %7s %7s %7s %6s %6s %6s %6s %6s %7s  %s\n", "trial",
              "side", "#", "type", "bw_n", "onset", "takeoff", "h_imp", "h_ft", "rsimod", "unw_s",
              "brk_s", "prop_s", "ct_s", analysis::metric::kRsi, "flags");
  for (const results::JumpTrial& jt : a.jumps) {
    if (!jt.error.empty()) {
      std::printf("%-5d %-5s      cannot analyse: %s\n", jt.trial, jt.side.c_str(),
                  jt.error.c_str());
      continue;
    }
    if (!jt.left_out.empty())
      std::printf("%-5d %-5s      LEFT OUT of best, asymmetry and criteria: %s\n", jt.trial,
                  jt.side.c_str(), jt.left_out.c_str());
    int index = 0;
    for (const analysis::Jump& j : jt.result->jumps) {
      std::string flags;
      for (const auto& f : jt.result->quality_flags) flags += (flags.empty() ? "" : ",") + f;
      for (const auto& f : j.quality_flags) flags += (flags.empty() ? "" : ",") + f;
      const auto cm = [](const std::optional<double>& m) {
        return m ? std::optional<double>(*m * 100.0) : std::nullopt;
      };
      std::printf(
          "%-5d %-5s %3d %-9s %7s %7s %7.3f %7s %7s %6s %6s %6s %6s %6s %7s  %s\n", jt.trial,
          jt.side.c_str(), ++index, j.type.c_str(),
          value(j.weighing ? std::optional<double>(j.weighing->body_weight_n) : std::nullopt,
                "%.1f")
              .c_str(),
          value(j.onset_s, "%.3f").c_str(), j.takeoff_s,
          value(cm(j.jump_height_impulse_m), "%.1fcm").c_str(),
          value(cm(j.jump_height_flight_time_m), "%.1fcm").c_str(),
          value(j.rsi_modified, "%.2f").c_str(), value(j.unweighting_s, "%.3f").c_str(),
          value(j.braking_s, "%.3f").c_str(), value(j.propulsion_s, "%.3f").c_str(),
          value(j.contact_time_s, "%.3f").c_str(), value(j.rsi, "%.2f").c_str(),
          flags.empty() ? "-" : flags.c_str());
      if (j.left && j.right) {
        std::printf("      per plate (left / right, net of each plate's share of body weight):");
        for (const analysis::PhaseAsymmetry& p : j.asymmetry)
          std::printf(" %s %.1f/%.1f [%s]", p.metric.c_str(), p.values.left, p.values.right,
                      p.values.flag.c_str());
        std::printf("\n");
      }
    }
    if (jt.result->hops && !jt.result->hops->best5.empty()) {
      const analysis::HopSummary& h = *jt.result->hops;
      std::printf(
          "      hops: %d with a contact; best 5 by RSI: RSI %.2f m/s, contact %.3f s, "
          "height %.1f cm\n",
          h.count, h.best5_rsi_mean, h.best5_contact_time_mean_s,
          h.best5_jump_height_mean_m * 100.0);
    }
  }
  std::printf("\nAcross trials:\n");
  for (const auto& s : a.summaries) {
    std::printf("  %-6s %zu trial(s) of %s: best %.3f, mean %.3f, CV %.1f %%\n", s.side.c_str(),
                s.measure.n, s.metric.c_str(), s.measure.best, s.measure.mean,
                s.measure.cv_percent);
  }
  printAsymmetry(a);
  printCriteria(a);
  std::printf(
      "\nMethod: %s; weighing over the quietest %g s of standing; onset BW +- %s, back %g ms; "
      "take-off below %s N above the unloaded plate; heights by take-off velocity (v^2 / 2g) and "
      "flight time (g t^2 / 8); phases after McMahon et al. 2018. All parameters: --json, or "
      "/analysis/method in the file.\n",
      analysis::jumpTypeName(a.method.jump.type), a.method.baseline.window_s,
      a.method.onset.describe().c_str(), a.method.jump.onset_backtrack_s * 1000.0,
      a.method.jump.describeTakeoff().c_str());
  printMethodSource(a);
}

void printText(const std::string& file, const store::SessionRecord& session,
               const SessionAnalysis& a) {
  std::printf("Session %s: patient %s, test %s, involved side %s, %zu trial(s)\n", file.c_str(),
              session.info.patient_id.empty() ? "(none)" : session.info.patient_id.c_str(),
              session.info.test.c_str(),
              session.info.involved.empty() ? "(none)" : session.info.involved.c_str(),
              session.trials.size());
  if (a.method.family == analysis::TestFamily::Balance) {
    printStances(a);
    return;
  }
  if (a.method.family == analysis::TestFamily::Jump) {
    printJumps(a);
    return;
  }
  std::printf("\n%-5s %-6s %3s %8s %10s %8s %9s %10s %9s %11s %11s %9s  %s\n", "trial", "side", "#",
              "rate_hz", "baseline_n", "onset_s", "peak_n", "net_peak_n", "to_peak_s", "rfd0-100",
              "peak_rfd", "imp_eff", "flags");
  for (const auto& e : a.entries) {
    if (!e.result) {
      std::printf("%-5d %-6s      cannot analyse: %s\n", e.trial, e.side.c_str(), e.error.c_str());
      continue;
    }
    const auto& r = *e.result;
    if (!e.left_out.empty())
      std::printf("%-5d %-6s      LEFT OUT of best, asymmetry and criteria: %s\n", e.trial,
                  e.side.c_str(), e.left_out.c_str());
    std::string trial_flags;
    for (const auto& f : r.quality_flags) trial_flags += (trial_flags.empty() ? "" : ",") + f;
    if (r.efforts.empty()) {
      std::printf("%-5d %-6s   - %8.1f %10.2f  no effort found  %s\n", e.trial, e.side.c_str(),
                  r.sample_rate_hz, r.baseline.mean_n, trial_flags.c_str());
    }
    int index = 0;
    for (const auto& f : r.efforts) {
      std::string flags = trial_flags;
      for (const auto& q : f.quality_flags) flags += (flags.empty() ? "" : ",") + q;
      std::printf("%-5d %-6s %3d %8.1f %10.2f %8.3f %9.2f %10.2f %9.3f %11s %11s %9.1f  %s\n",
                  e.trial, e.side.c_str(), ++index, r.sample_rate_hz, r.baseline.mean_n, f.onset_s,
                  f.peak.force_n, f.net_peak_force_n, f.time_to_peak_s,
                  value(window(f.rfd_n_per_s, "0-100ms"), "%.0f").c_str(),
                  value(f.peak_rfd_n_per_s, "%.0f").c_str(), f.effort_impulse_n_s,
                  flags.empty() ? "-" : flags.c_str());
      if (f.hold) {
        const auto& h = *f.hold;
        std::printf(
            "      hold: target %.1f N (threshold %.1f N): time above %.1f s, time to failure %.1f "
            "s%s, "
            "%d dip(s), fatigue %.2f N/s, fatigue index %s %%, CV %.1f %%\n",
            h.target_n, h.threshold_n, h.time_above_s, h.time_to_failure_s,
            h.ended_by_recording ? " (still holding at the end)" : "", h.dips,
            h.fatigue_slope_n_per_s, value(h.fatigue_index_percent, "%.1f").c_str(), h.cv_percent);
      }
    }
    if (r.critical_force) {
      std::printf("      critical force %.1f N (mean of the last %d of %zu reps), W' %.0f N s\n",
                  r.critical_force->critical_force_n, r.critical_force->reps_used,
                  r.critical_force->rep_mean_n.size(), r.critical_force->w_prime_n_s);
      if (const std::string w = r.critical_force->warning(); !w.empty())
        std::printf("      WARNING: %s\n", w.c_str());
    } else if (!r.critical_force_error.empty()) {
      std::printf("      critical force: %s\n", r.critical_force_error.c_str());
    }
  }
  if (!a.summaries.empty()) std::printf("\nAcross trials (peak force):\n");
  for (const auto& s : a.summaries) {
    std::printf("  %-6s %zu effort(s): best %.1f N, mean %.1f N, CV %.1f %%\n", s.side.c_str(),
                s.measure.n, s.measure.best, s.measure.mean, s.measure.cv_percent);
  }
  for (const auto& [metric, s] : a.asymmetry) {
    if (metric == analysis::metric::kPeakForce) {
      std::printf("\nLeft/right, best peak force: left %.1f N, right %.1f N, difference %.1f N\n",
                  s.left, s.right, s.right - s.left);
      std::printf("  asymmetry index (R-L)/max: %+.1f %% [%s]", s.asymmetry_index_percent,
                  s.flag.c_str());
      if (s.lsi_percent) {
        std::printf(", limb symmetry index (involved %s): %.1f %%", session.info.involved.c_str(),
                    *s.lsi_percent);
      }
      std::printf(", symmetry angle: %+.1f %%\n", s.symmetry_angle_percent);
    }
  }
  printCriteria(a);
  std::printf(
      "\nMethod: baseline %s; onset above baseline %s; filter %s; peak = highest sample. "
      "All parameters: --json, or /analysis/method in the file.\n",
      a.method.baseline.kind == analysis::BaselineMethod::Kind::QuietestWindow
          ? "= mean of the quietest 1 s before the first effort"
          : "= mean of the given window",
      a.method.onset.describe().c_str(),
      a.method.filter.kind == analysis::FilterMethod::Kind::None ? "none"
                                                                 : "zero-phase Butterworth");
  printMethodSource(a);
}

}  // namespace

int runAnalyze(const ParsedArgs& args) {
  const std::string file = args.positionals().front();
  const SessionAnalyser analyser(args);
  store::SessionRecord session;
  try {
    session = store::readSessionFile(file);
  } catch (const store::StoreError& e) {
    std::cerr << "holdfast analyze: " << e.what() << "\n";
    return kExitUsage;
  }
  // The session's own method (its stored test), the options over it as recorded overrides.
  const SessionAnalysis result = analyser.analyse(session);
  const analysis::AnalysisMethod& method = result.method;
  nlohmann::ordered_json json = analysisJson(file, session, result);
  std::vector<SessionChangeEntry> changes;
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
    // The baseline's own stored results (or its own method): never this session's method.
    results::SessionOutcome before;
    try {
      before = results::sessionOutcome(*baseline_file, analyser.library());
    } catch (const std::exception& e) {
      throw UsageError(std::string("--compare-to: ") + e.what());
    }
    if (!before.info.patient_id.empty() && before.info.patient_id != session.info.patient_id) {
      throw UsageError("--compare-to: " + *baseline_file + " is patient '" +
                       before.info.patient_id + "', not '" + session.info.patient_id + "'");
    }
    if (before.info.test != session.info.test) {
      throw UsageError("--compare-to: " + *baseline_file + " is test '" + before.info.test +
                       "', not '" + session.info.test + "'");
    }
    changes = compareWithBaseline(result, before.values, compared_metric, sem);
    json["change_from_baseline_source"] = before.source;
    auto& list = json["change_from_baseline"] = nlohmann::ordered_json::array();
    for (const auto& c : changes) {
      list.push_back({{"metric", c.metric},
                      {"side", c.side},
                      {"baseline_file", *baseline_file},
                      {"baseline", c.change.baseline},
                      {"current", c.change.current},
                      {"change", c.change.change},
                      {"change_percent", c.change.change_percent},
                      {"sem", sem},
                      {"mdc95", c.change.mdc95},
                      {"exceeds_mdc", c.change.exceeds_mdc}});
    }
  }
  if (args.flag("json")) {
    std::cout << json.dump(2) << "\n";
  } else {
    printText(file, session, result);
    for (const auto& c : changes) {
      const analysis::MetricInfo& info = analysis::metricInfo(c.metric);
      const int d = info.decimals;
      const char* u = info.unit;
      std::printf(
          "Change from %s, %s best %s: %.*f -> %.*f %s (%+.*f %s, %+.1f %%); MDC95 %.*f %s: %s\n",
          args.value("compare-to")->c_str(), c.side.c_str(), info.short_label, d, c.change.baseline,
          d, c.change.current, u, d, c.change.change, u, c.change.change_percent, d, c.change.mdc95,
          u, c.change.exceeds_mdc ? "a real change" : "within measurement error");
    }
  }
  int code = kExitOk;
  if (!args.flag("no-store")) {
    try {
      // Made with another method than the stored results: those are kept beside these.
      const std::string kept = results::storeAnalysis(file, session, result, &json);
      if (!kept.empty())
        std::cerr << "holdfast analyze: the earlier analysis (another method) is kept in " << file
                  << " under " << kept << "\n";
    } catch (const store::StoreError& e) {
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
