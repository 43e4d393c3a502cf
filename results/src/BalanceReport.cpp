// The balance part of a session's report: each stance (its sway, its ellipse and path for the
// stabilogram, how a single-leg stance ended), the Romberg quotients, what is said after a
// trial, and the method in words.
#include "ReportBuilders.h"

namespace holdfast::results::detail {

namespace {

std::string conditionText(const std::string& c) {
  return c == "eyes-open" ? "eyes open" : c == "eyes-closed" ? "eyes closed" : c;
}

std::string stanceEnd(const analysis::StanceFailure& f) {
  if (!f.failed) return "held " + fixed(f.time_to_failure_s, 2) + " s";
  return "the stance ended at " + fixed(f.time_to_failure_s, 2) + " s: " +
         (f.cause == "other_foot_down"   ? "the other foot touched down"
          : f.cause == "load_left_plate" ? "the load left the plate"
                                         : "the COP left the plate");
}

void addStances(SessionReport& r, const SessionAnalysis& a) {
  for (const BalanceTrial& b : a.balance) {
    StanceRow row;
    row.trial = b.trial;
    row.side = b.side;
    row.condition = conditionText(b.condition);
    row.surface = b.surface;
    row.left_out = b.left_out;
    for (const auto& f : b.quality_flags) {
      if (f != "cop_low_pass_filtered") row.flags.push_back(f);  // the method says so
    }
    const std::string trial = trialName(b.trial, b.side);
    if (b.sway) {
      const analysis::SwayMetrics& m = *b.sway;
      row.duration_s = m.duration_s;
      row.path_mm = m.path_length_mm;
      row.velocity_mm_per_s = m.mean_velocity_mm_per_s;
      row.area_mm2 = m.ellipse_area_95_mm2;
      row.rms_ap_mm = m.rms_ap_mm;
      row.rms_ml_mm = m.rms_ml_mm;
      row.mean_frequency_hz = m.mean_frequency_hz;
      row.ellipse = EllipseRow{m.mean_ml_mm,       m.mean_ap_mm,        m.ellipse_major_mm,
                               m.ellipse_minor_mm, m.ellipse_angle_deg, m.ellipse_area_95_mm2};
    } else if (b.failure) {
      row.problem = "the stance ended at " + fixed(b.failure->time_to_failure_s, 2) +
                    " s, too short for sway";
      // The problem says what these flags say: not twice.
      std::erase_if(row.flags, [](const std::string& f) {
        return f == "stance_too_short_for_sway" || f.starts_with("stance_ended_by_");
      });
    } else if (!b.error.empty()) {
      row.problem = b.error;
      r.warnings.push_back(trial + " could not be analysed: " + b.error);
      r.notices.push_back({b.trial, TrialNotice::Kind::Problem,
                           trial + " is saved but it could not be analysed: " + b.error +
                               ". Record it again, or check the plates."});
    }
    row.load_left_percent = b.load_share_left_percent;
    if (b.failure) {
      row.time_to_failure_s = b.failure->time_to_failure_s;
      row.stance_failed = b.failure->failed;
      row.stance_end = stanceEnd(*b.failure);
      if (b.failure->failed)
        r.notices.push_back(
            {b.trial, TrialNotice::Kind::Note, trial + ": " + row.stance_end + "."});
    }
    row.path = b.path_mm;
    r.stances.push_back(std::move(row));
  }
  for (const RombergQuotient& q : a.romberg) {
    RombergRow row{q.side,
                   q.surface,
                   q.eyes_open_velocity_mm_per_s,
                   q.eyes_closed_velocity_mm_per_s,
                   q.velocity_percent,
                   q.eyes_open_area_mm2,
                   q.eyes_closed_area_mm2,
                   q.area_percent,
                   {}};
    row.sentence =
        "Romberg quotient (eyes closed / eyes open" + (q.side == "both" ? "" : ", " + q.side) +
        (q.surface.empty() ? "" : ", " + q.surface) + "): velocity " +
        fixed(q.velocity_percent, 0) + " % (" + fixed(q.eyes_closed_velocity_mm_per_s, 1) + " / " +
        fixed(q.eyes_open_velocity_mm_per_s, 1) + " mm/s), ellipse area " +
        fixed(q.area_percent, 0) + " % (" + fixed(q.eyes_closed_area_mm2, 0) + " / " +
        fixed(q.eyes_open_area_mm2, 0) + " mm\u00b2)";
    r.romberg.push_back(std::move(row));
  }
}

}  // namespace

void buildBalanceReport(SessionReport& r, const SessionAnalysis& a) {
  addStances(r, a);
  r.method =
      "centre of pressure of the stance (both feet: the plates combined, weighted by their "
      "force; one leg: its plate) over " +
      a.method.sway.describeWindow() + " (from the go), filter " + filterText(a.method) +
      "; velocity = path / (samples / rate); 95 % prediction ellipse (Schubert & "
      "Kirchner 2014); Welch mean frequency; Romberg quotient = eyes closed / eyes open x "
      "100; for sway LSI = uninvolved / involved x 100 (below 100 %: the involved leg "
      "sways more).";
}

}  // namespace holdfast::results::detail
