// The text of `holdfast analyze`: a SessionReport drawn as a terminal reads it. Tables of the
// model's rows and its sentences; every word of a result comes from the model.
#include "holdfast/results/SessionReportText.h"

#include <cctype>
#include <cstdarg>
#include <cstdio>

#include "holdfast/analysis/MetricCatalogue.h"

namespace holdfast::results {

namespace {

/// printf into `out`.
[[gnu::format(printf, 2, 3)]] void say(std::string& out, const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list sizing;
  va_copy(sizing, args);
  const int n = std::vsnprintf(nullptr, 0, format, sizing);
  va_end(sizing);
  if (n > 0) {
    const std::size_t at = out.size();
    out.resize(at + static_cast<std::size_t>(n) + 1);
    std::vsnprintf(out.data() + at, static_cast<std::size_t>(n) + 1, format, args);
    out.resize(at + static_cast<std::size_t>(n));
  }
  va_end(args);
}

std::string value(const std::optional<double>& v, const char* format) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, *v);
  return buf;
}

std::string joined(const std::vector<std::string>& items, const char* separator = ",") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : separator) + s;
  return out.empty() ? "-" : out;
}

const char* orDash(const std::string& s) { return s.empty() ? "-" : s.c_str(); }

void printEfforts(std::string& out, const SessionReport& r) {
  if (r.efforts.empty()) return;
  say(out, "\n%-5s %-6s %3s %8s %10s %8s %9s %10s %9s %11s %11s %9s  %s\n", "trial", "side", "#",
      "rate_hz", "baseline_n", "onset_s", "peak_n", "net_peak_n", "to_peak_s", "rfd0-100",
      "peak_rfd", "imp_eff", "flags");
  for (const EffortRow& e : r.efforts) {
    if (e.effort <= 1 && !e.left_out.empty())
      say(out, "%-5d %-6s      LEFT OUT of best, asymmetry and criteria: %s\n", e.trial,
          e.side.c_str(), e.left_out.c_str());
    if (e.effort == 0) {
      say(out, "%-5d %-6s   - %8s %10s  %s  %s\n", e.trial, e.side.c_str(),
          value(e.rate_hz, "%.1f").c_str(), value(e.baseline_n, "%.2f").c_str(), e.problem.c_str(),
          e.flags.empty() ? "" : joined(e.flags).c_str());
      continue;
    }
    say(out, "%-5d %-6s %3d %8s %10s %8s %9s %10s %9s %11s %11s %9s  %s\n", e.trial, e.side.c_str(),
        e.effort, value(e.rate_hz, "%.1f").c_str(), value(e.baseline_n, "%.2f").c_str(),
        value(e.onset_s, "%.3f").c_str(), value(e.peak_n, "%.2f").c_str(),
        value(e.net_peak_n, "%.2f").c_str(), value(e.time_to_peak_s, "%.3f").c_str(),
        value(e.rfd_100_n_per_s, "%.0f").c_str(), value(e.peak_rfd_n_per_s, "%.0f").c_str(),
        value(e.impulse_n_s, "%.1f").c_str(), joined(e.flags).c_str());
  }
  for (const EffortRow& e : r.efforts) {
    if (!e.peak_torque_nm) continue;
    say(out,
        "      torque, trial %d effort %d (%s): lever arm %.3f m: peak %.1f Nm (%s Nm/kg), net "
        "peak %s Nm, RTD 0-100 %s Nm/s, peak RTD %s Nm/s%s\n",
        e.trial, e.effort, e.side.c_str(), e.lever_arm_m.value_or(0.0), *e.peak_torque_nm,
        value(e.peak_torque_nm_per_kg, "%.2f").c_str(), value(e.net_peak_torque_nm, "%.1f").c_str(),
        value(e.rtd_100_nm_per_s, "%.0f").c_str(), value(e.peak_rtd_nm_per_s, "%.0f").c_str(),
        e.gravity_nm ? (", gravity " + value(e.gravity_nm, "%+.1f") + " Nm").c_str() : "");
  }
  for (const HoldRow& h : r.holds) {
    say(out,
        "      hold, trial %d (%s): target %.1f N (threshold %.1f N): time above %.1f s, time to "
        "failure %.1f s%s, %d dip(s), fatigue %.2f N/s, fatigue index %s %%, CV %.1f %%\n",
        h.trial, h.side.c_str(), h.target_n, h.threshold_n, h.time_above_s, h.time_to_failure_s,
        h.still_holding ? " (still holding at the end)" : "", h.dips, h.fatigue_slope_n_per_s,
        value(h.fatigue_index_percent, "%.1f").c_str(), h.cv_percent);
  }
  for (const CriticalForceRow& c : r.critical_force) {
    if (c.critical_force_n)
      say(out,
          "      critical force, trial %d (%s): %.1f N (mean of the last %d of %d reps), W' %s N "
          "s\n",
          c.trial, c.side.c_str(), *c.critical_force_n, c.reps_used, c.reps,
          value(c.w_prime_n_s, "%.0f").c_str());
  }
}

void printStances(std::string& out, const SessionReport& r) {
  if (r.stances.empty()) return;
  say(out, "\n%-5s %-6s %-11s %-5s %7s %9s %9s %8s %8s %10s %8s %7s  %s\n", "trial", "side",
      "condition", "surf", "dur_s", "path_mm", "vel_mm_s", "rms_ap", "rms_ml", "area95_mm2",
      "mfreq_hz", "left_%", "flags");
  for (const StanceRow& s : r.stances) {
    const char* condition = orDash(s.condition);
    const char* surface = orDash(s.surface);
    if (!s.velocity_mm_per_s) {
      say(out, "%-5d %-6s %-11s %-5s cannot analyse: %s\n", s.trial, s.side.c_str(), condition,
          surface, s.problem.c_str());
      if (!s.stance_end.empty()) say(out, "      %s\n", s.stance_end.c_str());
      continue;
    }
    if (!s.left_out.empty())
      say(out, "%-5d %-6s LEFT OUT of means, Romberg, asymmetry and criteria: %s\n", s.trial,
          s.side.c_str(), s.left_out.c_str());
    say(out, "%-5d %-6s %-11s %-5s %7s %9s %9s %8s %8s %10s %8s %7s  %s\n", s.trial, s.side.c_str(),
        condition, surface, value(s.duration_s, "%.2f").c_str(), value(s.path_mm, "%.1f").c_str(),
        value(s.velocity_mm_per_s, "%.2f").c_str(), value(s.rms_ap_mm, "%.2f").c_str(),
        value(s.rms_ml_mm, "%.2f").c_str(), value(s.area_mm2, "%.1f").c_str(),
        value(s.mean_frequency_hz, "%.3f").c_str(), value(s.load_left_percent, "%.1f").c_str(),
        joined(s.flags).c_str());
    if (!s.stance_end.empty()) say(out, "      %s\n", s.stance_end.c_str());
  }
  for (const RombergRow& q : r.romberg) say(out, "\n%s\n", q.sentence.c_str());
}

void printJumps(std::string& out, const SessionReport& r) {
  if (r.jumps.empty()) return;
  say(out, "\n%-5s %-5s %3s %-9s %7s %7s %7s %7s %7s %6s %6s %6s %6s %6s %7s  %s\n", "trial",
      "side", "#", "type", "bw_n", "onset", "takeoff", "h_imp", "h_ft", "rsimod", "unw_s", "brk_s",
      "prop_s", "ct_s", analysis::metric::kRsi, "flags");
  for (const JumpRow& j : r.jumps) {
    if (j.jump <= 1 && !j.left_out.empty())
      say(out, "%-5d %-5s      LEFT OUT of best, asymmetry and criteria: %s\n", j.trial,
          j.side.c_str(), j.left_out.c_str());
    if (j.jump == 0) {
      say(out, "%-5d %-5s      %s\n", j.trial, j.side.c_str(), j.problem.c_str());
      continue;
    }
    say(out, "%-5d %-5s %2d%s %-9s %7s %7s %7s %7s %7s %6s %6s %6s %6s %6s %7s  %s\n", j.trial,
        j.side.c_str(), j.jump, j.best ? "*" : " ", j.type.c_str(),
        value(j.body_weight_n, "%.1f").c_str(), value(j.onset_s, "%.3f").c_str(),
        value(j.takeoff_s, "%.3f").c_str(), value(j.height_impulse_cm, "%.1fcm").c_str(),
        value(j.height_flight_cm, "%.1fcm").c_str(), value(j.rsi_modified, "%.2f").c_str(),
        value(j.unweighting_s, "%.3f").c_str(), value(j.braking_s, "%.3f").c_str(),
        value(j.propulsion_s, "%.3f").c_str(), value(j.contact_time_s, "%.3f").c_str(),
        value(j.rsi, "%.2f").c_str(), joined(j.flags).c_str());
    if (!j.per_plate.empty()) {
      say(out, "      per plate (left / right, net of each plate's share of body weight):");
      for (const PlatePhase& p : j.per_plate)
        say(out, " %s %.1f/%.1f [%s]", p.metric.c_str(), p.left, p.right, p.flag.c_str());
      say(out, "\n");
    }
    if (!j.hops.empty()) say(out, "      hops: %s\n", j.hops.c_str());
  }
}

void printComparisons(std::string& out, const SessionReport& r) {
  if (!r.summaries.empty()) say(out, "\nAcross trials:\n");
  for (const SummaryRow& s : r.summaries) {
    say(out, "  %-6s %s%s%zu trial(s) of %s: best %.*f %s, mean %.*f %s, CV %s %%\n",
        s.side.c_str(), s.condition.c_str(), s.condition.empty() ? "" : ", ", s.n, s.label.c_str(),
        s.decimals, s.best, s.unit.c_str(), s.decimals, s.mean, s.unit.c_str(),
        value(s.cv_percent, "%.1f").c_str());
  }
  for (const LimbRow& l : r.limbs) {
    say(out, "%sLeft/right, %s, %s: left %.*f, right %.*f, asymmetry index %+.1f %% [%s]",
        &l == &r.limbs.front() ? "\n" : "", l.label.c_str(), l.basis.c_str(), l.decimals, l.left,
        l.decimals, l.right, l.asymmetry_index_percent, l.flag.c_str());
    if (l.lsi_percent)
      say(out, ", limb symmetry index (involved %s): %.1f %%", l.involved.c_str(), *l.lsi_percent);
    if (!l.phase) say(out, ", symmetry angle %+.1f %%", l.symmetry_angle_percent);
    say(out, "\n");
  }
  for (const ChangeRow& c : r.changes) {
    say(out, "Change from %s (%s): %.2f -> %.2f %s (%+.1f %%)%s\n", c.previous_date.c_str(),
        c.side.c_str(), c.previous, c.current, c.unit.c_str(), c.change_percent,
        !c.mdc         ? ""
        : c.beyond_mdc ? ", beyond the MDC95"
                       : ", within the MDC95");
  }
}

void printCriteria(std::string& out, const SessionReport& r) {
  if (r.criteria.empty()) return;
  say(out, "\nReturn-to-sport criteria%s:\n",
      r.criteria_set.empty() ? "" : (", " + r.criteria_set).c_str());
  for (const CriterionRow& c : r.criteria) {
    say(out, "  [%s] %s: %s\n",
        !c.applicable ? "N/A "
        : c.pass      ? "PASS"
                      : "FAIL",
        c.name.c_str(), c.detail.c_str());
  }
  if (!r.verdict.empty()) say(out, "  Verdict: %s\n", r.verdict.c_str());
}

}  // namespace

std::string sessionReportText(const SessionReport& r) {
  std::string out;
  say(out, "Session %s: patient %s, test %s (%s), involved side %s, %zu trial(s)\n", r.file.c_str(),
      r.patient.c_str(), r.test.c_str(), r.test_name.c_str(),
      r.involved.empty() ? "(none)" : r.involved.c_str(), r.trial_count);
  if (!r.headline.empty()) say(out, "%s\n", r.headline.c_str());
  printEfforts(out, r);
  printStances(out, r);
  printJumps(out, r);
  printComparisons(out, r);
  printCriteria(out, r);
  if (!r.norms.empty()) say(out, "\nNorms:\n");
  for (const std::string& n : r.norms) say(out, "  %s\n", n.c_str());
  for (const std::string& c : r.norm_citations) say(out, "  Source: %s\n", c.c_str());
  for (const std::string& w : r.warnings)
    say(out, "%sWARNING: %s\n", &w == &r.warnings.front() ? "\n" : "", w.c_str());
  say(out, "\nMethod: %s\n", r.method.c_str());
  if (!r.method_source.empty()) say(out, "%s\n", r.method_source.c_str());
  say(out, "All parameters: --json, or /analysis/method in the file.\n");
  return out;
}

std::string baselineChangeText(const std::vector<SessionChangeEntry>& changes,
                               const std::string& baseline_file) {
  std::string out;
  for (const SessionChangeEntry& c : changes) {
    const analysis::MetricInfo& info = analysis::metricInfo(c.metric);
    std::string label = info.label;
    if (!label.empty())
      label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
    const int d = info.decimals;
    const char* u = info.unit;
    say(out,
        "Change from %s, %s best %s: %.*f -> %.*f %s (%+.*f %s, %+.1f %%); MDC95 %.*f %s: %s\n",
        baseline_file.c_str(), c.side.c_str(), label.c_str(), d, c.change.baseline, d,
        c.change.current, u, d, c.change.change, u, c.change.change_percent, d, c.change.mdc95, u,
        c.change.exceeds_mdc ? "a real change" : "within measurement error");
  }
  return out;
}

}  // namespace holdfast::results
