#include "holdfast/results/AnalysisText.h"

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

std::optional<double> window(const std::vector<analysis::WindowValue>& values, const char* label) {
  for (const auto& w : values) {
    if (w.label == label) return w.value;
  }
  return std::nullopt;
}

/// Every left/right comparison of a balance or jump session, one line each.
void printAsymmetry(std::string& out, const SessionAnalysis& a) {
  for (const auto& [metric, s] : a.asymmetry) {
    say(out, "Left/right %s: left %.2f, right %.2f, asymmetry index %+.1f %% [%s]", metric.c_str(),
        s.left, s.right, s.asymmetry_index_percent, s.flag.c_str());
    if (s.lsi_percent) say(out, ", LSI %.1f %%", *s.lsi_percent);
    say(out, "\n");
  }
}

void printCriteria(std::string& out, const SessionAnalysis& a) {
  if (a.criteria.empty()) return;
  say(out, "\nReturn-to-sport criteria%s:\n",
      a.criteria_set.empty() ? "" : (", " + a.criteria_set).c_str());
  for (const auto& c : a.criteria) {
    say(out, "  [%s] %s: %s\n",
        !c.applicable ? "N/A "
        : c.pass      ? "PASS"
                      : "FAIL",
        c.criterion.name.c_str(), c.detail.c_str());
  }
  if (a.verdict) say(out, "  Verdict: %s\n", a.verdict->text().c_str());
}

void printMethodSource(std::string& out, const SessionAnalysis& a) {
  std::string overrides;
  for (const std::string& o : a.method_overrides) overrides += (overrides.empty() ? "" : ", ") + o;
  say(out, "Method from %s%s%s.\n", a.method_source.c_str(),
      overrides.empty() ? "" : "; overridden: ", overrides.c_str());
}

/// A balance session: one line per stance, then Romberg and left/right.
void printStances(std::string& out, const SessionAnalysis& a) {
  say(out, "\n%-5s %-6s %-11s %-5s %7s %9s %9s %8s %8s %10s %8s %7s  %s\n", "trial", "side",
      "condition", "surf", "dur_s", "path_mm", "vel_mm_s", "rms_ap", "rms_ml", "area95_mm2",
      "mfreq_hz", "left_%", "flags");
  for (const BalanceTrial& b : a.balance) {
    const char* condition = b.condition.empty() ? "-" : b.condition.c_str();
    const char* surface = b.surface.empty() ? "-" : b.surface.c_str();
    if (!b.sway && b.failure) {
      say(out, "%-5d %-6s %-11s %-5s stance ended at %.2f s, too short for sway\n", b.trial,
          b.side.c_str(), condition, surface, b.failure->time_to_failure_s);
      continue;
    }
    if (!b.sway) {
      say(out, "%-5d %-6s %-11s %-5s cannot analyse: %s\n", b.trial, b.side.c_str(), condition,
          surface, b.error.c_str());
      continue;
    }
    if (!b.left_out.empty())
      say(out, "%-5d %-6s LEFT OUT of means, Romberg, asymmetry and criteria: %s\n", b.trial,
          b.side.c_str(), b.left_out.c_str());
    const analysis::SwayMetrics& s = *b.sway;
    std::string flags;
    for (const auto& f : b.quality_flags) flags += (flags.empty() ? "" : ",") + f;
    say(out, "%-5d %-6s %-11s %-5s %7.2f %9.1f %9.2f %8.2f %8.2f %10.1f %8.3f %7s  %s\n", b.trial,
        b.side.c_str(), condition, surface, s.duration_s, s.path_length_mm,
        s.mean_velocity_mm_per_s, s.rms_ap_mm, s.rms_ml_mm, s.ellipse_area_95_mm2,
        s.mean_frequency_hz, value(b.load_share_left_percent, "%.1f").c_str(),
        flags.empty() ? "-" : flags.c_str());
    if (b.failure) {
      if (b.failure->failed)
        say(out, "      stance ended at %.2f s: %s\n", b.failure->time_to_failure_s,
            b.failure->cause == "other_foot_down"   ? "the other foot touched down"
            : b.failure->cause == "load_left_plate" ? "the load left the plate"
                                                    : "the COP left the plate");
      else
        say(out, "      stance held %.2f s\n", b.failure->time_to_failure_s);
    }
  }
  if (!a.summaries.empty()) say(out, "\nAcross trials (mean velocity):\n");
  for (const auto& s : a.summaries) {
    say(out, "  %-6s %-11s %zu trial(s): mean %.2f mm/s, lowest %.2f mm/s, CV %.1f %%\n",
        s.side.c_str(), s.condition.empty() ? "-" : s.condition.c_str(), s.measure.n,
        s.measure.mean, s.measure.best, s.measure.cv_percent);
  }
  for (const RombergQuotient& r : a.romberg) {
    say(out,
        "\nRomberg quotient (eyes closed / eyes open, %s%s): velocity %.0f %% (%.2f / %.2f "
        "mm/s), area %.0f %% (%.0f / %.0f mm2)\n",
        r.side.c_str(), r.surface.empty() ? "" : (", " + r.surface).c_str(), r.velocity_percent,
        r.eyes_closed_velocity_mm_per_s, r.eyes_open_velocity_mm_per_s, r.area_percent,
        r.eyes_closed_area_mm2, r.eyes_open_area_mm2);
  }
  printAsymmetry(out, a);
  printCriteria(out, a);
  say(out,
      "\nMethod: sway over %s; COP low-pass %s; velocity = path / (samples / rate); 95 %% "
      "prediction ellipse; Welch mean frequency. For sway the LSI is uninvolved / involved x 100. "
      "All parameters: --json, or /analysis/method in the file.\n",
      a.method.sway.describeWindow().c_str(),
      a.method.filter.kind == analysis::FilterMethod::Kind::None
          ? "none"
          : ("Butterworth " + std::to_string(a.method.filter.order) + " order, " +
             value(a.method.filter.cutoff_hz, "%g") + " Hz, zero phase")
                .c_str());
  printMethodSource(out, a);
}

/// A jump session: one line per jump (or hop), the per-plate phases, then the session.
void printJumps(std::string& out, const SessionAnalysis& a) {
  say(out, "\n%-5s %-5s %3s %-9s %7s %7s %7s %7s %7s %6s %6s %6s %6s %6s %7s  %s\n", "trial",
      "side", "#", "type", "bw_n", "onset", "takeoff", "h_imp", "h_ft", "rsimod", "unw_s", "brk_s",
      "prop_s", "ct_s", analysis::metric::kRsi, "flags");
  for (const results::JumpTrial& jt : a.jumps) {
    if (!jt.error.empty()) {
      say(out, "%-5d %-5s      cannot analyse: %s\n", jt.trial, jt.side.c_str(), jt.error.c_str());
      continue;
    }
    if (!jt.left_out.empty())
      say(out, "%-5d %-5s      LEFT OUT of best, asymmetry and criteria: %s\n", jt.trial,
          jt.side.c_str(), jt.left_out.c_str());
    int index = 0;
    for (const analysis::Jump& j : jt.result->jumps) {
      std::string flags;
      for (const auto& f : jt.result->quality_flags) flags += (flags.empty() ? "" : ",") + f;
      for (const auto& f : j.quality_flags) flags += (flags.empty() ? "" : ",") + f;
      const auto cm = [](const std::optional<double>& m) {
        return m ? std::optional<double>(*m * 100.0) : std::nullopt;
      };
      say(out, "%-5d %-5s %3d %-9s %7s %7s %7.3f %7s %7s %6s %6s %6s %6s %6s %7s  %s\n", jt.trial,
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
        say(out, "      per plate (left / right, net of each plate's share of body weight):");
        for (const analysis::PhaseAsymmetry& p : j.asymmetry)
          say(out, " %s %.1f/%.1f [%s]", p.metric.c_str(), p.values.left, p.values.right,
              p.values.flag.c_str());
        say(out, "\n");
      }
    }
    if (jt.result->hops && !jt.result->hops->best5.empty()) {
      const analysis::HopSummary& h = *jt.result->hops;
      say(out,
          "      hops: %d with a contact; best 5 by RSI: RSI %.2f m/s, contact %.3f s, "
          "height %.1f cm\n",
          h.count, h.best5_rsi_mean, h.best5_contact_time_mean_s,
          h.best5_jump_height_mean_m * 100.0);
    }
  }
  say(out, "\nAcross trials:\n");
  for (const auto& s : a.summaries) {
    say(out, "  %-6s %zu trial(s) of %s: best %.3f, mean %.3f, CV %.1f %%\n", s.side.c_str(),
        s.measure.n, s.metric.c_str(), s.measure.best, s.measure.mean, s.measure.cv_percent);
  }
  printAsymmetry(out, a);
  printCriteria(out, a);
  say(out,
      "\nMethod: %s; weighing over the quietest %g s of standing; onset BW +- %s, back %g ms; "
      "take-off below %s N above the unloaded plate; heights by take-off velocity (v^2 / 2g) and "
      "flight time (g t^2 / 8); phases after McMahon et al. 2018. All parameters: --json, or "
      "/analysis/method in the file.\n",
      analysis::jumpTypeName(a.method.jump.type), a.method.baseline.window_s,
      a.method.onset.describe().c_str(), a.method.jump.onset_backtrack_s * 1000.0,
      a.method.jump.describeTakeoff().c_str());
  printMethodSource(out, a);
}

void printText(std::string& out, const std::string& file, const store::SessionRecord& session,
               const SessionAnalysis& a) {
  say(out, "Session %s: patient %s, test %s, involved side %s, %zu trial(s)\n", file.c_str(),
      session.info.patient_id.empty() ? "(none)" : session.info.patient_id.c_str(),
      session.info.test.c_str(),
      session.info.involved.empty() ? "(none)" : session.info.involved.c_str(),
      session.trials.size());
  if (a.method.family == analysis::TestFamily::Balance) {
    printStances(out, a);
    return;
  }
  if (a.method.family == analysis::TestFamily::Jump) {
    printJumps(out, a);
    return;
  }
  say(out, "\n%-5s %-6s %3s %8s %10s %8s %9s %10s %9s %11s %11s %9s  %s\n", "trial", "side", "#",
      "rate_hz", "baseline_n", "onset_s", "peak_n", "net_peak_n", "to_peak_s", "rfd0-100",
      "peak_rfd", "imp_eff", "flags");
  for (const auto& e : a.entries) {
    if (!e.result) {
      say(out, "%-5d %-6s      cannot analyse: %s\n", e.trial, e.side.c_str(), e.error.c_str());
      continue;
    }
    const auto& r = *e.result;
    if (!e.left_out.empty())
      say(out, "%-5d %-6s      LEFT OUT of best, asymmetry and criteria: %s\n", e.trial,
          e.side.c_str(), e.left_out.c_str());
    std::string trial_flags;
    for (const auto& f : r.quality_flags) trial_flags += (trial_flags.empty() ? "" : ",") + f;
    if (r.efforts.empty()) {
      say(out, "%-5d %-6s   - %8.1f %10.2f  no effort found  %s\n", e.trial, e.side.c_str(),
          r.sample_rate_hz, r.baseline.mean_n, trial_flags.c_str());
    }
    int index = 0;
    for (const auto& f : r.efforts) {
      std::string flags = trial_flags;
      for (const auto& q : f.quality_flags) flags += (flags.empty() ? "" : ",") + q;
      say(out, "%-5d %-6s %3d %8.1f %10.2f %8.3f %9.2f %10.2f %9.3f %11s %11s %9.1f  %s\n", e.trial,
          e.side.c_str(), ++index, r.sample_rate_hz, r.baseline.mean_n, f.onset_s, f.peak.force_n,
          f.net_peak_force_n, f.time_to_peak_s,
          value(window(f.rfd_n_per_s, "0-100ms"), "%.0f").c_str(),
          value(f.peak_rfd_n_per_s, "%.0f").c_str(), f.effort_impulse_n_s,
          flags.empty() ? "-" : flags.c_str());
      if (f.hold) {
        const auto& h = *f.hold;
        say(out,
            "      hold: target %.1f N (threshold %.1f N): time above %.1f s, time to failure %.1f "
            "s%s, "
            "%d dip(s), fatigue %.2f N/s, fatigue index %s %%, CV %.1f %%\n",
            h.target_n, h.threshold_n, h.time_above_s, h.time_to_failure_s,
            h.ended_by_recording ? " (still holding at the end)" : "", h.dips,
            h.fatigue_slope_n_per_s, value(h.fatigue_index_percent, "%.1f").c_str(), h.cv_percent);
      }
    }
    if (r.critical_force) {
      say(out, "      critical force %.1f N (mean of the last %d of %zu reps), W' %.0f N s\n",
          r.critical_force->critical_force_n, r.critical_force->reps_used,
          r.critical_force->rep_mean_n.size(), r.critical_force->w_prime_n_s);
      if (const std::string w = r.critical_force->warning(); !w.empty())
        say(out, "      WARNING: %s\n", w.c_str());
    } else if (!r.critical_force_error.empty()) {
      say(out, "      critical force: %s\n", r.critical_force_error.c_str());
    }
  }
  if (!a.summaries.empty()) say(out, "\nAcross trials (peak force):\n");
  for (const auto& s : a.summaries) {
    say(out, "  %-6s %zu effort(s): best %.1f N, mean %.1f N, CV %.1f %%\n", s.side.c_str(),
        s.measure.n, s.measure.best, s.measure.mean, s.measure.cv_percent);
  }
  for (const auto& [metric, s] : a.asymmetry) {
    if (metric == analysis::metric::kPeakForce) {
      say(out, "\nLeft/right, best peak force: left %.1f N, right %.1f N, difference %.1f N\n",
          s.left, s.right, s.right - s.left);
      say(out, "  asymmetry index (R-L)/max: %+.1f %% [%s]", s.asymmetry_index_percent,
          s.flag.c_str());
      if (s.lsi_percent) {
        say(out, ", limb symmetry index (involved %s): %.1f %%", session.info.involved.c_str(),
            *s.lsi_percent);
      }
      say(out, ", symmetry angle: %+.1f %%\n", s.symmetry_angle_percent);
    }
  }
  printCriteria(out, a);
  say(out,
      "\nMethod: baseline %s; onset above baseline %s; filter %s; peak = highest sample. "
      "All parameters: --json, or /analysis/method in the file.\n",
      a.method.baseline.kind == analysis::BaselineMethod::Kind::QuietestWindow
          ? "= mean of the quietest 1 s before the first effort"
          : "= mean of the given window",
      a.method.onset.describe().c_str(),
      a.method.filter.kind == analysis::FilterMethod::Kind::None ? "none"
                                                                 : "zero-phase Butterworth");
  printMethodSource(out, a);
}

}  // namespace

std::string analysisText(const std::string& file, const store::SessionRecord& session,
                         const SessionAnalysis& analysis) {
  std::string out;
  printText(out, file, session, analysis);
  return out;
}

}  // namespace holdfast::results
