// A session's report put together: who and what, the family's part (IsometricReport,
// JumpReport, BalanceReport), then what every family shares: the headline, the repeated measure
// of each side, left against right, criteria and verdict, the trend and the change from the
// session before, the method's source and the acquisition's counts.
#include "holdfast/results/SessionReport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "ReportBuilders.h"
#include "holdfast/analysis/JumpAnalysis.h"
#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/store/IsoTime.h"

namespace holdfast::results {

namespace fs = std::filesystem;

namespace detail {

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string general(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

std::string trialName(int trial, const std::string& side) {
  return "Trial " + std::to_string(trial) + " (" + side + ")";
}

std::string onsetText(const analysis::OnsetMethod& onset) {
  switch (onset.kind) {
    case analysis::OnsetMethod::Kind::FixedAboveBaseline:
      return general(onset.fixed_n) + " N above the baseline";
    case analysis::OnsetMethod::Kind::PercentBodyWeight:
      return general(onset.body_weight_percent) + " % of body weight above the baseline";
    default:
      return general(onset.sd_multiple) + " SD of the baseline above it (Dos'Santos et al. 2017)";
  }
}

std::string filterText(const analysis::AnalysisMethod& method) {
  if (method.filter.kind == analysis::FilterMethod::Kind::None) return "none";
  return "low-pass " + general(method.filter.cutoff_hz) + " Hz (Butterworth, order " +
         std::to_string(method.filter.order) + ", zero phase)";
}

}  // namespace detail

namespace {

using detail::fixed;

const char* familyText(analysis::TestFamily family) {
  switch (family) {
    case analysis::TestFamily::Balance:
      return "balance";
    case analysis::TestFamily::Jump:
      return "jump";
    default:
      return "isometric";
  }
}

std::string testName(const store::SessionInfo& info, const SessionAnalysis& a) {
  if (!a.test_name.empty()) return a.test_name;
  if (!info.test_definition.empty()) {
    try {
      const std::string name =
          method::parseTestDefinition(info.test_definition, "the session's test").name;
      if (!name.empty()) return name;
    } catch (const std::exception&) {
      // An unreadable stored test is reported by the analysis; the id still names it.
    }
  }
  return info.test;
}

void addSummaries(SessionReport& r, const SessionAnalysis& a) {
  for (const SideSummary& s : a.summaries) {
    SummaryRow row;
    row.side = s.side;
    row.condition = s.condition == "eyes-open"     ? "eyes open"
                    : s.condition == "eyes-closed" ? "eyes closed"
                                                   : s.condition;
    row.metric = s.metric;
    if (const analysis::MetricInfo* m = analysis::findMetric(s.metric)) {
      row.label = m->label;
      row.unit = m->unit;
      row.decimals = m->decimals;
    } else {
      row.label = s.metric;
    }
    row.n = s.measure.n;
    row.best = s.measure.best;
    row.mean = s.measure.mean;
    if (s.measure.n >= 2) row.cv_percent = s.measure.cv_percent;
    r.summaries.push_back(std::move(row));
  }
}

void addLimbs(SessionReport& r, const store::SessionRecord& session, const SessionAnalysis& a) {
  const std::string headline = headlineMetric(a.method);
  const auto& phase_metrics = analysis::jumpPhaseAsymmetryMetrics();
  const bool two_plate_jumps = a.method.family == analysis::TestFamily::Jump && !a.jumps.empty() &&
                               a.jumps.front().side == "total";
  std::vector<LimbRow> limbs, phases;
  for (const AsymmetryEntry& e : a.asymmetry) {
    LimbRow l;
    l.metric = e.metric;
    const analysis::MetricInfo* m = analysis::findMetric(e.metric);
    l.label = m ? m->labelWithUnit() : e.metric;
    l.short_label = m ? m->short_label : e.metric;
    l.unit = m ? m->unit : "";
    l.decimals = m ? m->decimals : 2;
    l.left = e.values.left;
    l.right = e.values.right;
    l.asymmetry_index_percent = e.values.asymmetry_index_percent;
    l.symmetry_angle_percent = e.values.symmetry_angle_percent;
    l.lsi_percent = e.values.lsi_percent;
    l.involved = session.info.involved;
    l.flag = e.values.flag;
    if (a.method.family == analysis::TestFamily::Balance) l.basis = "mean of each side";
    if (two_plate_jumps &&
        std::find(phase_metrics.begin(), phase_metrics.end(), e.metric) != phase_metrics.end()) {
      // Two plates: each plate's part of the phase, the mean over the session's jumps; short
      // enough to sit under its bar.
      l.basis = "mean over the jumps";
      l.phase = true;
      phases.push_back(std::move(l));
    } else if (e.metric == headline) {
      limbs.insert(limbs.begin(), std::move(l));  // the test's own comparison first
    } else {
      limbs.push_back(std::move(l));
    }
  }
  r.limbs = std::move(limbs);
  r.limbs.insert(r.limbs.end(), phases.begin(), phases.end());
}

void addCriteria(SessionReport& r, const SessionAnalysis& a) {
  for (const analysis::CriterionOutcome& c : a.criteria)
    r.criteria.push_back({c.criterion.name, c.detail, c.pass, c.applicable});
  r.criteria_set = a.criteria_set;
  if (a.verdict) {
    r.verdict = a.verdict->text();
    r.no_criterion_applies = a.verdict->applicable == 0;
    r.cleared = a.verdict->cleared();
  }
}

std::string methodSource(const fs::path& file, const SessionAnalysis& a) {
  std::string text;
  if (!a.method_source.empty()) text = "Method from: " + a.method_source + ".";
  if (!a.method_overrides.empty()) {
    std::string o;
    for (const std::string& s : a.method_overrides) o += (o.empty() ? "" : ", ") + s;
    text += (text.empty() ? "" : " ") + std::string("Overrides: ") + o + ".";
  }
  // Which analysis this is, when the file also holds others (never silently one of them).
  if (const std::string others = otherStoredAnalyses(file, a); !others.empty())
    text += (text.empty() ? "" : " ") + others;
  return text;
}

std::string acquisitionText(const store::SessionRecord& session) {
  std::string text;
  for (const store::TrialRecord& trial : session.trials) {
    std::map<std::string, std::int64_t> counts(trial.acquisition.begin(), trial.acquisition.end());
    text += (text.empty() ? "" : "; ") + std::string("trial ") + std::to_string(trial.info.number) +
            ": " + std::to_string(trial.time_s.size()) + " samples at " +
            fixed(trial.info.measured_rate_hz, 0) + " Hz, " + std::to_string(counts["gaps"]) +
            " gaps (" + std::to_string(counts["missing_samples"]) + " missing), " +
            std::to_string(counts["malformed_lines"] + counts["crc_errors"]) + " rejected, " +
            std::to_string(counts["reconnects"]) + " reconnects";
  }
  return text;
}

/// This session against the one before it in the trend.
void addChanges(SessionReport& r, const fs::path& file) {
  const ReportTrend& trend = r.trend;
  std::optional<std::size_t> current;
  for (std::size_t i = 0; i < trend.files.size(); ++i) {
    std::error_code ec;
    if (fs::equivalent(fs::path(trend.files[i]), file, ec)) current = i;
  }
  if (!current || *current == 0) return;
  const std::size_t at = *current;
  for (const std::string side : {"total", "left", "right"}) {
    const auto& values = side == "left" ? trend.left : side == "right" ? trend.right : trend.total;
    if (at >= values.size() || !values[at] || !values[at - 1]) continue;
    ChangeRow c;
    c.side = side;
    c.unit = trend.unit;
    c.previous_date = trend.sessions[at - 1];
    c.previous = *values[at - 1];
    c.current = *values[at];
    c.change = c.current - c.previous;
    c.change_percent = 100.0 * c.change / c.previous;
    c.mdc = trend.mdc;
    c.beyond_mdc = trend.mdc && std::abs(c.change) > *trend.mdc;
    const auto signed1 = [](double v) { return (v >= 0 ? "+" : "") + fixed(v, 1); };
    c.text =
        c.side + " " + signed1(c.change) + " " + c.unit + " (" + signed1(c.change_percent) + " %)";
    if (c.mdc) {
      c.text += c.beyond_mdc
                    ? ", beyond the MDC95 of " + fixed(*c.mdc, 1) + " " + c.unit + ": a real change"
                    : ", within the MDC95 of " + fixed(*c.mdc, 1) + " " + c.unit +
                          ": may be measurement noise";
      c.meaning = c.beyond_mdc ? "real change" : "within noise";
    }
    r.changes.push_back(c);
  }
}

/// The headline and the test's own left/right comparison: the station's summary line.
std::string summaryLine(const SessionReport& r, const SessionAnalysis& a) {
  std::string line = r.headline;
  const auto first =
      std::find_if(r.limbs.begin(), r.limbs.end(), [](const LimbRow& l) { return !l.phase; });
  if (first == r.limbs.end()) return line;
  const bool load = a.method.family == analysis::TestFamily::Balance && first->unit == "N";
  line += "    |    " + std::string(load ? "load " : "") + "asymmetry " +
          fixed(first->asymmetry_index_percent, 1) + " %";
  if (first->lsi_percent) line += "   LSI " + fixed(*first->lsi_percent, 1) + " %";
  return line;
}

}  // namespace

SessionReport buildSessionReport(const fs::path& file, const store::SessionRecord& session,
                                 const SessionAnalysis& analysis, ReportTrend trend) {
  SessionReport r;
  const store::SessionInfo& info = session.info;
  r.file = file.filename().string();
  r.patient = info.patient_id.empty() ? "(no id)" : info.patient_id;
  r.test = info.test;
  r.test_name = testName(info, analysis);
  r.family = familyText(analysis.method.family);
  r.date = store::localDateTime(info.created_local, info.created_utc);
  r.age_years = info.age_years;
  r.operator_name = info.operator_name;
  r.involved = info.involved;
  r.body_mass_kg = info.body_mass_kg;
  r.trial_count = session.trials.size();
  switch (analysis.method.family) {
    case analysis::TestFamily::Balance:
      detail::buildBalanceReport(r, analysis);
      break;
    case analysis::TestFamily::Jump:
      detail::buildJumpReport(r, session, analysis);
      break;
    default:
      detail::buildIsometricReport(r, session, analysis);
      detail::buildHoldReport(r, analysis);
      detail::buildCriticalForceReport(r, analysis);
      break;
  }
  r.headline = sessionHeadline(analysis);
  addSummaries(r, analysis);
  addLimbs(r, session, analysis);
  addCriteria(r, analysis);
  for (const NormOutcome& n : analysis.norms) {
    r.norms.push_back(n.text());
    if (n.norm && n.value &&
        std::find(r.norm_citations.begin(), r.norm_citations.end(), n.norm->citation) ==
            r.norm_citations.end())
      r.norm_citations.push_back(n.norm->citation);
  }
  r.method_source = methodSource(file, analysis);
  r.acquisition = acquisitionText(session);
  r.trend = std::move(trend);
  addChanges(r, file);
  r.summary_line = summaryLine(r, analysis);
  return r;
}

SessionReport sessionReport(const fs::path& file, const store::SessionRecord& session,
                            const SessionAnalysis& analysis, std::optional<double> sem) {
  return buildSessionReport(file, session, analysis, sessionTrend(file, session, analysis, sem));
}

}  // namespace holdfast::results
