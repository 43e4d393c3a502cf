#include "holdfast/results/SessionAnalysis.h"

#include "holdfast/wire/InputError.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <map>

#include "holdfast/analysis/BalanceComparison.h"
#include "holdfast/analysis/MetricCatalogue.h"

namespace holdfast::results {

namespace {

using analysis::EffortMetrics;

/// The metrics compared left against right (best of the session per side).
struct ComparedMetric {
  const char* name;
  std::function<std::optional<double>(const EffortMetrics&)> get;
};

const std::vector<ComparedMetric>& comparedMetrics() {
  static const std::vector<ComparedMetric> list = {
      {analysis::metric::kPeakForce,
       [](const EffortMetrics& e) { return std::optional<double>(e.peak.force_n); }},
      {analysis::metric::kNetPeakForce,
       [](const EffortMetrics& e) { return std::optional<double>(e.net_peak_force_n); }},
      {analysis::metric::kRelativePeak,
       [](const EffortMetrics& e) { return e.relative_peak_n_per_kg; }},
      {analysis::metric::kRfd0To100ms,
       [](const EffortMetrics& e) {
         for (const auto& w : e.rfd_n_per_s) {
           if (w.label == "0-100ms") return w.value;
         }
         return std::optional<double>();
       }},
      {analysis::metric::kPeakRfd, [](const EffortMetrics& e) { return e.peak_rfd_n_per_s; }},
      {analysis::metric::kBestWindowMeanForce,
       [](const EffortMetrics& e) { return e.best_window_mean_force_n; }},
      {analysis::metric::kPeakTorque,
       [](const EffortMetrics& e) {
         return e.torque ? std::optional<double>(e.torque->peak_nm) : std::nullopt;
       }},
      {analysis::metric::kNetPeakTorque,
       [](const EffortMetrics& e) {
         return e.torque ? std::optional<double>(e.torque->net_peak_nm) : std::nullopt;
       }},
      {analysis::metric::kPeakTorquePerKg,
       [](const EffortMetrics& e) { return e.torque ? e.torque->peak_nm_per_kg : std::nullopt; }},
      {analysis::metric::kRtd0To100ms,
       [](const EffortMetrics& e) {
         return e.torque ? e.torque->rtd_0_100ms_nm_per_s : std::nullopt;
       }},
      {analysis::metric::kPeakRtd,
       [](const EffortMetrics& e) { return e.torque ? e.torque->peak_rtd_nm_per_s : std::nullopt; }},
      {analysis::metric::kBestWindowMeanTorque,
       [](const EffortMetrics& e) {
         return e.torque ? e.torque->best_window_mean_nm : std::nullopt;
       }},
      {analysis::metric::kTimeToFailure,
       [](const EffortMetrics& e) {
         return e.hold ? std::optional<double>(e.hold->time_to_failure_s) : std::nullopt;
       }},
  };
  return list;
}

}  // namespace

bool SessionAnalysis::anyFailed() const {
  return std::any_of(entries.begin(), entries.end(),
                     [](const auto& e) { return !e.error.empty(); }) ||
         std::any_of(balance.begin(), balance.end(),
                     [](const auto& b) { return !b.error.empty(); }) ||
         std::any_of(jumps.begin(), jumps.end(), [](const auto& j) { return !j.error.empty(); });
}

std::string channelSide(const store::TrialInfo& trial, std::size_t channel,
                        std::size_t channel_count) {
  if (trial.side == "both" && channel_count == 2) return channel == 0 ? "left" : "right";
  if (channel_count == 1) return trial.side.empty() ? "unspecified" : trial.side;
  return (trial.side.empty() ? "unspecified" : trial.side) + "/ch" + std::to_string(channel + 1);
}

std::vector<double> plateTotal(const store::TrialRecord& trial) {
  if (trial.info.side != "both" || trial.channels.size() != 2) return {};
  std::vector<double> total(trial.channels[0].size());
  for (std::size_t i = 0; i < total.size(); ++i)
    total[i] = trial.channels[0][i] + trial.channels[1][i];
  return total;
}

std::vector<double> channelsSummed(const store::TrialRecord& trial) {
  if (trial.channels.empty()) return {};
  std::vector<double> sum(trial.channels[0].size(), 0.0);
  for (const auto& c : trial.channels)
    for (std::size_t i = 0; i < sum.size() && i < c.size(); ++i) sum[i] += c[i];
  return sum;
}

const analysis::EffortMetrics* bestEffort(const ChannelAnalysis& entry) {
  if (!entry.result || entry.result->efforts.empty()) return nullptr;
  const auto& efforts = entry.result->efforts;
  return &*std::max_element(efforts.begin(), efforts.end(), [](const auto& a, const auto& b) {
    return a.peak.force_n < b.peak.force_n;
  });
}

namespace {

struct Segment {
  std::size_t begin = 0;
  std::size_t end = 0;  ///< one past the last sample
};

/// The stretches between reconnects (the "reconnected" events mark the first sample after a
/// hole). Too-short stretches are left out: nothing can be measured in them.
std::vector<Segment> segmentsOf(const store::TrialRecord& trial) {
  std::vector<std::size_t> cuts;
  for (const auto& e : trial.events) {
    if (e.kind == "reconnected" && e.sample_index > 0 &&
        static_cast<std::size_t>(e.sample_index) < trial.time_s.size()) {
      cuts.push_back(static_cast<std::size_t>(e.sample_index));
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Segment> segments;
  std::size_t begin = 0;
  for (std::size_t cut : cuts) {
    segments.push_back({begin, cut});
    begin = cut;
  }
  segments.push_back({begin, trial.time_s.size()});
  if (segments.size() > 1) {
    std::erase_if(segments, [](const Segment& s) { return s.end - s.begin < 10; });
    if (segments.empty()) segments.push_back({0, trial.time_s.size()});
  }
  return segments;
}

void mergeSegment(ChannelAnalysis& entry, analysis::TrialAnalysis part, const Segment& seg,
                  std::size_t segment_count) {
  for (auto& effort : part.efforts) {
    effort.span.onset_index += seg.begin;
    effort.span.end_index += seg.begin;
    effort.peak.index += seg.begin;
  }
  if (!entry.result) {
    entry.result = std::move(part);
    if (segment_count > 1) {
      entry.result->quality_flags.push_back("reconnect_segments_" + std::to_string(segment_count));
    }
    return;
  }
  auto& efforts = entry.result->efforts;
  efforts.insert(efforts.end(), std::make_move_iterator(part.efforts.begin()),
                 std::make_move_iterator(part.efforts.end()));
}

}  // namespace

namespace {

std::optional<analysis::Limb> involvedLimb(const store::SessionInfo& info) {
  if (info.involved == "left") return analysis::Limb::Left;
  if (info.involved == "right") return analysis::Limb::Right;
  return std::nullopt;
}

/// The criteria over the session's values, and the verdict. A comparison of the limbs does not
/// fit a session of one side (a one-sided test): it is not applicable, never a FAIL.
void judgeCriteria(SessionAnalysis& out, const std::vector<analysis::Criterion>& criteria,
                   std::optional<analysis::Limb> involved, bool both_sides) {
  out.criteria = analysis::evaluateCriteria(criteria, out.values, involved);
  for (analysis::CriterionOutcome& o : out.criteria) {
    if (o.criterion.side.empty() && !both_sides) {
      o.applicable = false;
      o.pass = false;
      o.detail = "not applicable: the session has no left and right to compare";
    } else if (o.criterion.metric.rfind("lsi_percent:", 0) == 0 && !involved) {
      // LSI = involved / uninvolved: without an involved side (a screening) there is none.
      o.applicable = false;
      o.pass = false;
      o.detail = "not applicable: an LSI needs the involved side, and none is named";
    }
  }
  if (!out.criteria.empty()) out.verdict = analysis::summarizeCriteria(out.criteria);
}

/// The indexes of every left/right comparison as values criteria can name
/// ("lsi_percent:braking_impulse_n_s"), then the criteria.
void judgeWithAsymmetry(SessionAnalysis& out, const std::vector<analysis::Criterion>& criteria,
                        std::optional<analysis::Limb> involved, bool both_sides) {
  for (const AsymmetryEntry& e : out.asymmetry) {
    const std::string of = ":" + e.metric;
    out.values[analysis::metric::kAsymmetryIndex + of] = e.values.asymmetry_index_percent;
    out.values[analysis::metric::kSymmetryAngle + of] = e.values.symmetry_angle_percent;
    if (e.values.lsi_percent) out.values[analysis::metric::kLsi + of] = *e.values.lsi_percent;
  }
  judgeCriteria(out, criteria, involved, both_sides);
}

double meanOf(const std::vector<double>& v) {
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

/// A balance session: each trial's stance, per side and condition the mean of the counted
/// trials (several trials are averaged for reliability: Ruhe et al. 2010, Clin Biomech 25:984),
/// Romberg quotients, and left against right (of the first condition: eyes open when there).
void analyzeBalanceSession(const store::SessionRecord& session, SessionAnalysis& out,
                           const std::vector<analysis::Criterion>& criteria) {
  const auto involved = involvedLimb(session.info);
  for (const auto& trial : session.trials) {
    if (!trial.info.excluded.empty()) continue;
    out.balance.push_back(analyzeBalanceTrial(trial, out.method, involved));
  }
  // condition -> side -> metric -> values (counted trials only)
  std::map<std::string, std::map<std::string, std::map<std::string, std::vector<double>>>> by;
  std::vector<std::string> conditions;
  std::map<std::string, std::vector<double>> load;  // "left"/"right" -> mean forces
  for (const BalanceTrial& b : out.balance) {
    if (!b.error.empty() || !b.left_out.empty()) continue;
    if (std::find(conditions.begin(), conditions.end(), b.condition) == conditions.end())
      conditions.push_back(b.condition);
    for (const BalanceMetric& m : balanceMetrics()) {
      if (const auto v = balanceValue(b, m.name)) by[b.condition][b.side][m.name].push_back(*v);
    }
    if (b.load_asymmetry) {
      load["left"].push_back(b.load_asymmetry->left);
      load["right"].push_back(b.load_asymmetry->right);
    }
  }
  // Eyes open first: the reference condition of the comparisons.
  std::stable_sort(conditions.begin(), conditions.end(), [](const auto& a, const auto& b) {
    return (a == "eyes-open" ? 0 : 1) < (b == "eyes-open" ? 0 : 1);
  });
  for (const std::string& condition : conditions) {
    for (const auto& [side, metrics] : by[condition]) {
      const auto it = metrics.find(analysis::metric::kMeanVelocity);
      if (it != metrics.end()) {
        SideSummary summary{side, condition, analysis::metric::kMeanVelocity,
                            analysis::summarizeTrials(it->second)};
        // For sway the best trial is the one that swayed least.
        summary.measure.best = *std::min_element(it->second.begin(), it->second.end());
        out.summaries.push_back(summary);
      }
    }
  }
  if (!conditions.empty()) {
    const std::string& reference = conditions.front();
    for (const auto& [side, metrics] : by[reference]) {
      for (const auto& [metric, values] : metrics) out.values[metric + "@" + side] = meanOf(values);
    }
  }
  // Romberg: eyes closed against eyes open on the same surface and side (vision is the only
  // difference), each the mean of that condition's counted trials.
  std::map<std::string, std::map<std::string, std::map<std::string, std::vector<double>>>> velocity,
      area;  // surface -> condition -> side -> values
  for (const BalanceTrial& b : out.balance) {
    if (!b.error.empty() || !b.left_out.empty() || !b.sway) continue;
    velocity[b.surface][b.condition][b.side].push_back(b.sway->mean_velocity_mm_per_s);
    area[b.surface][b.condition][b.side].push_back(b.sway->ellipse_area_95_mm2);
  }
  for (auto& [surface, by_condition] : velocity) {
    for (const auto& [side, open_velocity] : by_condition["eyes-open"]) {
      const auto& closed_velocity = by_condition["eyes-closed"][side];
      if (closed_velocity.empty()) continue;
      RombergQuotient r;
      r.side = side;
      r.surface = surface;
      r.eyes_open_velocity_mm_per_s = meanOf(open_velocity);
      r.eyes_closed_velocity_mm_per_s = meanOf(closed_velocity);
      r.eyes_open_area_mm2 = meanOf(area[surface]["eyes-open"][side]);
      r.eyes_closed_area_mm2 = meanOf(area[surface]["eyes-closed"][side]);
      if (!(r.eyes_open_velocity_mm_per_s > 0) || !(r.eyes_open_area_mm2 > 0)) continue;
      r.velocity_percent = analysis::rombergQuotientPercent(r.eyes_closed_velocity_mm_per_s,
                                                            r.eyes_open_velocity_mm_per_s);
      r.area_percent =
          analysis::rombergQuotientPercent(r.eyes_closed_area_mm2, r.eyes_open_area_mm2);
      // The values criteria name: of the firm surface when there is one, else of the first.
      const std::string at = "@" + side;
      if (surface == "firm" || !out.values.count("romberg_velocity_percent" + at)) {
        out.values["romberg_velocity_percent" + at] = r.velocity_percent;
        out.values["romberg_area_percent" + at] = r.area_percent;
      }
      out.romberg.push_back(r);
    }
  }
  // Left against right: single-leg stances of the reference condition (lower sway is better),
  // and the load of the feet in a two-plate stance (standard orientation).
  bool both_sides = false;
  if (!conditions.empty()) {
    const auto& sides = by[conditions.front()];
    const auto l = sides.find("left"), r = sides.find("right");
    if (l != sides.end() && r != sides.end()) {
      both_sides = true;
      for (const BalanceMetric& m : balanceMetrics()) {
        const auto lv = l->second.find(m.name), rv = r->second.find(m.name);
        if (lv == l->second.end() || rv == r->second.end()) continue;
        const double left = meanOf(lv->second), right = meanOf(rv->second);
        if (!(left > 0.0) || !(right > 0.0)) continue;
        const auto a =
            m.lower_is_better
                ? analysis::compareSwayOfLimbs(left, right, involved, out.method.asymmetry)
                : analysis::compareLimbs(left, right, involved, out.method.asymmetry);
        out.asymmetry.push_back({m.name, a});
      }
    }
  }
  if (!load["left"].empty()) {
    both_sides = true;
    const double left = meanOf(load["left"]), right = meanOf(load["right"]);
    out.values["mean_vertical_force_n@left"] = left;
    out.values["mean_vertical_force_n@right"] = right;
    out.asymmetry.push_back({analysis::metric::kMeanVerticalForce,
                             analysis::compareLimbs(left, right, involved, out.method.asymmetry)});
  }
  judgeWithAsymmetry(out, criteria, involved, both_sides);
}

/// A jump session: each trial's jumps; per side the best of the counted trials (a trial's
/// value is its best jump's, or its hops' best 5); two plates: each phase of the left plate
/// against the right, the mean over the counted jumps; single-leg trials: left against right
/// on their best values.
void analyzeJumpSession(const store::SessionRecord& session, SessionAnalysis& out,
                        const std::vector<analysis::Criterion>& criteria) {
  const auto involved = involvedLimb(session.info);
  for (const auto& trial : session.trials) {
    if (!trial.info.excluded.empty()) continue;
    out.jumps.push_back(analyzeJumpTrial(trial, out.method, involved, session.info.body_mass_kg));
  }
  const std::string headline = jumpHeadlineMetric(out.method.jump.type);
  std::map<std::string, std::map<std::string, std::vector<double>>> by;  // side -> metric
  std::map<std::string, std::vector<double>> plate_left, plate_right;    // phase metric
  for (const JumpTrial& jt : out.jumps) {
    if (!jt.error.empty() || !jt.left_out.empty() || !jt.result) continue;
    for (const JumpMetric& m : jumpMetrics()) {
      if (const auto v = jumpValue(jt, m.name)) by[jt.side][m.name].push_back(*v);
    }
    for (const analysis::Jump& j : jt.result->jumps) {
      if (!j.left || !j.right) continue;
      for (const std::string& m : analysis::jumpPhaseAsymmetryMetrics()) {
        const auto l = plateValue(*j.left, m), r = plateValue(*j.right, m);
        if (!l || !r) continue;
        plate_left[m].push_back(*l);
        plate_right[m].push_back(*r);
      }
    }
  }
  for (const auto& [side, metrics] : by) {
    for (const JumpMetric& m : jumpMetrics()) {
      const auto it = metrics.find(m.name);
      if (it == metrics.end()) continue;
      const auto [lo, hi] = std::minmax_element(it->second.begin(), it->second.end());
      out.values[std::string(m.name) + "@" + side] = m.lower_is_better ? *lo : *hi;
      if (m.name == headline) {
        SideSummary summary{side, "", headline, analysis::summarizeTrials(it->second)};
        if (m.lower_is_better) summary.measure.best = *lo;
        out.summaries.push_back(summary);
      }
    }
  }
  bool both_sides = false;
  // Single-leg trials: the legs on their best values.
  const auto l = by.find("left"), r = by.find("right");
  if (l != by.end() && r != by.end()) {
    both_sides = true;
    for (const JumpMetric& m : jumpMetrics()) {
      const auto lv = l->second.find(m.name), rv = r->second.find(m.name);
      if (lv == l->second.end() || rv == r->second.end()) continue;
      const double left = out.values[std::string(m.name) + "@left"];
      const double right = out.values[std::string(m.name) + "@right"];
      if (!(left > 0.0) || !(right > 0.0)) continue;
      out.asymmetry.push_back(
          {m.name, m.lower_is_better
                       ? analysis::compareSwayOfLimbs(left, right, involved, out.method.asymmetry)
                       : analysis::compareLimbs(left, right, involved, out.method.asymmetry)});
    }
  }
  // Two plates: each phase, left plate against right, over the session's counted jumps.
  for (const std::string& m : analysis::jumpPhaseAsymmetryMetrics()) {
    const auto it = plate_left.find(m);
    if (it == plate_left.end()) continue;
    const double left = meanOf(it->second), right = meanOf(plate_right[m]);
    out.values[m + "@left"] = left;
    out.values[m + "@right"] = right;
    if (!(left > 0.0) || !(right > 0.0)) continue;
    both_sides = true;
    out.asymmetry.push_back(
        {m, analysis::compareLimbs(left, right, involved, out.method.asymmetry)});
  }
  judgeWithAsymmetry(out, criteria, involved, both_sides);
}

/// `companion` of the jump trial of `side` whose `metric` is `value` (the side's best): what a
/// headline shows beside the best comes from the same trial.
std::optional<double> companionFromSameTrial(const SessionAnalysis& a, const std::string& side,
                                             const std::string& metric, double value,
                                             const std::string& companion) {
  for (const JumpTrial& t : a.jumps) {
    if (t.side != side || !t.left_out.empty()) continue;
    const auto v = jumpValue(t, metric);
    if (v && std::abs(*v - value) <= 1e-12 * std::max(1.0, std::abs(value)))
      return jumpValue(t, companion);
  }
  return std::nullopt;
}

}  // namespace

void requireForceInNewtons(const store::SessionRecord& session) {
  for (const store::TrialRecord& trial : session.trials) {
    if (!trial.info.excluded.empty() || trial.info.unit != "counts") continue;
    throw wire::InputError(
        "trial " + std::to_string(trial.info.number) +
        " holds raw ADC counts, not newtons: the device stated no scale and no "
        "calibration was stored for it, so its force cannot be analysed. Calibrate "
        "the device with 'holdfast calibrate' and record again (docs/calibration.md)");
  }
}

SessionAnalysis analyzeSession(const store::SessionRecord& session,
                               const analysis::AnalysisMethod& method,
                               const std::vector<analysis::Criterion>& criteria,
                               const std::string& test_id) {
  SessionAnalysis out;
  out.method = method;
  requireForceInNewtons(session);
  if (method.family == analysis::TestFamily::Balance) {
    analyzeBalanceSession(session, out, criteria);
    return out;
  }
  if (method.family == analysis::TestFamily::Jump) {
    analyzeJumpSession(session, out, criteria);
    return out;
  }
  analysis::TrialContext context{session.info.body_mass_kg,
                                 test_id.empty() ? session.info.test : test_id, std::nullopt};
  for (const auto& trial : session.trials) {
    if (!trial.info.excluded.empty()) continue;  // a redone trial: kept in the file, not analysed
    context.lever_arm_m = trial.info.lever_arm_m;
    // Times relative to the first sample, so onsets read as "seconds into the trial".
    std::vector<double> t(trial.time_s.size());
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = trial.time_s[i] - trial.time_s.front();
    const std::vector<Segment> segments = segmentsOf(trial);
    // The channels share one time axis: validate it once per segment.
    std::vector<std::optional<analysis::TimeBase>> time_bases;
    std::string time_error;
    for (const Segment& seg : segments) {
      try {
        time_bases.push_back(analysis::inspectTimeBase(
            std::span<const double>(t).subspan(seg.begin, seg.end - seg.begin), 3));
      } catch (const analysis::AnalysisError& e) {
        time_bases.emplace_back();
        time_error = e.what();
      }
    }
    // Two plates (side "both"): the total of both, the test's primary force, after each plate.
    const std::vector<double> total = plateTotal(trial);
    const bool two_plates = !total.empty();
    const std::size_t entry_count = trial.channels.size() + (two_plates ? 1 : 0);
    for (std::size_t c = 0; c < entry_count; ++c) {
      const bool summed = c == trial.channels.size();
      const std::vector<double>& force = summed ? total : trial.channels[c];
      ChannelAnalysis entry;
      entry.trial = trial.info.number;
      entry.channel = c;
      entry.summed = summed;
      entry.channel_name = summed ? std::string(kTotalChannelName) : trial.info.channel_names.at(c);
      entry.side = summed ? "total" : channelSide(trial.info, c, trial.channels.size());
      entry.samples = t.size();
      // A reconnect starts a new segment: each is analysed on its own and the efforts are
      // merged, so that no effort, baseline or filter ever joins samples across the hole.
      for (std::size_t k = 0; k < segments.size(); ++k) {
        const Segment& seg = segments[k];
        try {
          if (!time_bases[k]) throw analysis::AnalysisError(time_error);
          const analysis::ForceSeries series{
              std::span<const double>(t).subspan(seg.begin, seg.end - seg.begin),
              std::span<const double>(force).subspan(seg.begin, seg.end - seg.begin)};
          analysis::TrialAnalysis part =
              analysis::analyzeTrial(series, method, context, &*time_bases[k]);
          mergeSegment(entry, std::move(part), seg, segments.size());
        } catch (const analysis::AnalysisError& e) {
          if (segments.size() == 1) {
            entry.error = e.what();
          } else {
            entry.segment_errors.push_back("samples " + std::to_string(seg.begin) + "-" +
                                           std::to_string(seg.end - 1) + ": " + e.what());
          }
        }
      }
      // The recording ended by a failure (a crash, an error of the link or of the recording),
      // not as planned nor by the device closing its stream: an effort it cut has no known
      // course.
      const std::string& why = trial.info.stop_reason;
      entry.ended_by_failure =
          why == "interrupted" || why == "link_error" || why == "recording_failed";
      if (!trial.info.recovery_note.empty() && trial.info.included.empty()) {
        // Cut short by a crash or a kill: listed, never the best effort or a verdict, until a
        // clinician includes it (holdfast trial FILE --include N).
        entry.left_out = "interrupted and recovered (" + trial.info.recovery_note +
                         "): not counted until included";
      }
      if (!entry.result && entry.error.empty()) {
        entry.error = "no segment could be analysed: " + entry.segment_errors.front();
      }
      out.entries.push_back(std::move(entry));
    }
  }

  // Per side: every effort's value, for best/mean/CV and the left/right comparison.
  std::map<std::string, std::map<std::string, std::vector<double>>>
      by_side;  // side -> metric -> values
  for (const auto& entry : out.entries) {
    if (!entry.result || !entry.left_out.empty()) continue;
    for (const auto& effort : entry.result->efforts) {
      // An effort a failure cut off (a lost link, a crash) has no true peak or end: listed,
      // not counted. One still going when the test's time ran out stays counted (flagged).
      if (entry.ended_by_failure &&
          std::find(effort.quality_flags.begin(), effort.quality_flags.end(),
                    "effort_cut_by_end_of_recording") != effort.quality_flags.end())
        continue;
      for (const auto& m : comparedMetrics()) {
        if (auto v = m.get(effort)) by_side[entry.side][m.name].push_back(*v);
      }
    }
  }
  for (const auto& [side, metrics] : by_side) {
    const auto it = metrics.find(analysis::metric::kPeakForce);
    if (it != metrics.end())
      out.summaries.push_back(
          {side, "", analysis::metric::kPeakForce, analysis::summarizeTrials(it->second)});
    for (const auto& [metric, values] : metrics) {
      out.values[metric + "@" + side] = *std::max_element(values.begin(), values.end());
    }
  }

  // Critical force and W' of each side: the best counted trial (one trial per side is usual).
  for (const auto& entry : out.entries) {
    if (!entry.result || !entry.result->critical_force || !entry.left_out.empty()) continue;
    const analysis::CriticalForceTest& cf = *entry.result->critical_force;
    const std::string key = "critical_force_n@" + entry.side;
    const auto it = out.values.find(key);
    if (it != out.values.end() && it->second >= cf.critical_force_n) continue;
    out.values[key] = cf.critical_force_n;
    out.values["w_prime_n_s@" + entry.side] = cf.w_prime_n_s;
  }

  std::optional<analysis::Limb> involved;
  if (session.info.involved == "left") involved = analysis::Limb::Left;
  if (session.info.involved == "right") involved = analysis::Limb::Right;
  for (const std::string& name : analysis::criterionMetricNames()) {
    const auto l = out.values.find(name + "@left");
    const auto r = out.values.find(name + "@right");
    if (l == out.values.end() || r == out.values.end() || !(l->second > 0.0) || !(r->second > 0.0))
      continue;
    const auto a = analysis::compareLimbs(l->second, r->second, involved, method.asymmetry);
    out.asymmetry.push_back({name, a});
    const std::string of = ":" + name;
    out.values[analysis::metric::kAsymmetryIndex + of] = a.asymmetry_index_percent;
    out.values[analysis::metric::kSymmetryAngle + of] = a.symmetry_angle_percent;
    if (a.lsi_percent) out.values[analysis::metric::kLsi + of] = *a.lsi_percent;
  }
  judgeCriteria(out, criteria, involved, by_side.count("left") > 0 && by_side.count("right") > 0);
  return out;
}

std::string headlineMetric(const analysis::AnalysisMethod& method) {
  if (method.family == analysis::TestFamily::Balance) return analysis::metric::kMeanVelocity;
  if (method.family == analysis::TestFamily::Jump) return jumpHeadlineMetric(method.jump.type);
  if (method.critical_force_reps > 0) return analysis::metric::kCriticalForce;
  if (method.hold.target()) return analysis::metric::kTimeToFailure;
  return analysis::metric::kPeakForce;
}

std::string sessionHeadline(const SessionAnalysis& a) {
  const std::string metric = headlineMetric(a.method);
  const auto fixed = [](double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return std::string(buf);
  };
  const auto title = [](std::string side) {
    if (!side.empty())
      side[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(side[0])));
    return side;
  };
  std::vector<std::string> parts;
  if (a.method.family == analysis::TestFamily::Balance) {
    // "Eyes open: 7.1 mm/s, 106 mm2     Eyes closed: ...     Romberg 131 % (velocity)"
    const auto condition_name = [](const std::string& c) {
      return c == "eyes-open"     ? std::string("eyes open")
             : c == "eyes-closed" ? std::string("eyes closed")
                                  : std::string();
    };
    for (const SideSummary& s : a.summaries) {
      std::string who = s.side == "both" ? std::string() : title(s.side);
      const std::string c = condition_name(s.condition);
      if (!c.empty()) who += who.empty() ? title(c) : " " + c;
      if (who.empty()) who = "Stance";
      parts.push_back(who + ": " + fixed(s.measure.mean, 1) + " mm/s");
    }
    for (const RombergQuotient& r : a.romberg) {
      parts.push_back("Romberg " + (r.side == "both" ? std::string() : r.side + " ") +
                      fixed(r.velocity_percent, 0) + " % (velocity), " + fixed(r.area_percent, 0) +
                      " % (area)");
    }
    std::string line;
    for (const std::string& p : parts) line += (line.empty() ? "" : "     ") + p;
    return line;
  }
  if (a.method.family == analysis::TestFamily::Jump) {
    // "Jump height 31.2 cm (impulse), RSI-mod 0.41     LSI of braking impulse 88 %" or
    // "Left: jump height 14.0 cm     Right: ..." or "Best 5 RSI 1.85 m/s (contact 0.182 s)".
    for (const std::string side : {"total", "left", "right"}) {
      const auto at = [&](const std::string& m) -> std::optional<double> {
        const auto it = a.values.find(m + "@" + side);
        if (it == a.values.end()) return std::nullopt;
        return it->second;
      };
      const std::string who = side == "total" ? std::string() : title(side) + ": ";
      // A value beside the headline's comes from the same trial, never another one's best.
      const auto same_trial = [&](double value, const std::string& companion) {
        return companionFromSameTrial(a, side, metric, value, companion);
      };
      if (metric == analysis::metric::kBest5RsiMean) {
        if (const auto v = at(metric)) {
          const auto contact = same_trial(*v, analysis::metric::kBest5ContactTimeMean);
          parts.push_back(who + "best 5 RSI " + fixed(*v, 2) + " m/s" +
                          (contact ? " (contact " + fixed(*contact, 3) + " s)" : ""));
        }
      } else if (metric == analysis::metric::kRsi) {
        if (const auto v = at(metric)) {
          const auto contact = same_trial(*v, analysis::metric::kContactTime);
          parts.push_back(who + "RSI " + fixed(*v, 2) + " m/s" +
                          (contact ? " (contact " + fixed(*contact, 3) + " s)" : ""));
        }
      } else if (const auto v = at(metric)) {
        std::string part =
            (who.empty() ? "Jump height " : who + "jump height ") + fixed(*v * 100.0, 1) + " cm";
        if (const auto rsi = same_trial(*v, analysis::metric::kRsiModified))
          part += ", RSI-mod " + fixed(*rsi, 2);
        parts.push_back(part);
      } else if (const auto ft = at(analysis::metric::kJumpHeightFlightTime)) {
        parts.push_back((who.empty() ? "Jump height " : who + "jump height ") +
                        fixed(*ft * 100.0, 1) + " cm (flight time)");
      }
    }
    for (const AsymmetryEntry& e : a.asymmetry) {
      if (e.metric != analysis::metric::kBrakingImpulse &&
          e.metric != analysis::metric::kPropulsiveImpulse &&
          e.metric != analysis::metric::kPeakLandingForce && e.metric != metric)
        continue;
      const double shown =
          e.values.lsi_percent.value_or(std::abs(e.values.asymmetry_index_percent));
      std::string name = e.metric.substr(0, e.metric.find("_n"));
      std::replace(name.begin(), name.end(), '_', ' ');
      parts.push_back((e.values.lsi_percent ? "LSI of " : "asymmetry of ") + name + " " +
                      fixed(shown, 0) + " %");
    }
    std::string line;
    for (const std::string& p : parts) line += (line.empty() ? "" : "     ") + p;
    return line;
  }
  for (const std::string side : {"total", "left", "right", "both", "unspecified"}) {
    const auto it = a.values.find(metric + "@" + side);
    if (it == a.values.end()) continue;
    if (metric == analysis::metric::kCriticalForce) {
      const auto w = a.values.find("w_prime_n_s@" + side);
      parts.push_back(title(side) + ": critical force " + fixed(it->second, 1) + " N, W' " +
                      fixed(w == a.values.end() ? 0.0 : w->second, 0) + " N s");
    } else if (metric == analysis::metric::kTimeToFailure) {
      parts.push_back(title(side) + ": held " + fixed(it->second, 1) + " s");
    } else {
      std::string part = "Best " + (side == "total" ? std::string("total (both plates)") : side) +
                         " " + fixed(it->second, 1) + " N";
      // A dynamometer test with a lever arm: the side's best peak torque, which clinicians
      // compare with norms (trials of a side may differ in lever arm).
      if (const auto nm = a.values.find(std::string(analysis::metric::kPeakTorque) + "@" + side);
          nm != a.values.end()) {
        part += ", " + fixed(nm->second, 1) + " Nm";
        const auto per_kg =
            a.values.find(std::string(analysis::metric::kPeakTorquePerKg) + "@" + side);
        if (per_kg != a.values.end()) part += " (" + fixed(per_kg->second, 2) + " Nm/kg)";
      }
      parts.push_back(part);
    }
  }
  if (parts.empty()) {
    for (const SideSummary& s : a.summaries)
      parts.push_back("Best " + s.side + " " + fixed(s.measure.best, 1) + " N");
  }
  std::string line;
  for (const std::string& p : parts) line += (line.empty() ? "" : "     ") + p;
  return line;
}

std::vector<SessionChangeEntry> compareWithBaseline(const SessionAnalysis& current,
                                                    const analysis::MetricValues& baseline,
                                                    const std::string& metric, double sem) {
  std::vector<SessionChangeEntry> out;
  for (const auto& [key, value] : current.values) {
    const auto at = key.find('@');
    if (at == std::string::npos || key.substr(0, at) != metric) continue;
    const auto before = baseline.find(key);
    if (before == baseline.end()) continue;
    out.push_back(
        {metric, key.substr(at + 1), analysis::compareSessions(before->second, value, sem)});
  }
  return out;
}

}  // namespace holdfast::results
