// What a session's verdict counts: a trial recovered after an interruption and an effort the
// recording cut off are listed but never the best, until a clinician includes the trial.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "../support/EffortSessions.h"
#include "holdfast/results/SessionAnalysis.h"

using namespace holdfast;

namespace {

const results::SideSummary* summaryOf(const results::SessionAnalysis& a, const std::string& side) {
  for (const auto& s : a.summaries)
    if (s.side == side) return &s;
  return nullptr;
}

}  // namespace

TEST(SessionAnalysis, ARecoveredTrialIsListedButNotCountedUntilIncluded) {
  store::SessionRecord s = test::leftRightSession();
  store::TrialRecord cut = test::effortTrial(3, "right", 420.0);  // would make right the best
  cut.info.recovery_note = "recovered from a journal after an interruption";
  s.trials.push_back(cut);
  const analysis::Criterion lsi{"LSI >= 90 %", "lsi_percent:peak_force_n", "",
                                analysis::Comparison::AtLeast, 90.0};

  const results::SessionAnalysis a = results::analyzeSession(s, {}, {lsi});
  ASSERT_EQ(a.entries.size(), 3u);
  EXPECT_FALSE(a.entries[2].left_out.empty());
  EXPECT_TRUE(a.entries[2].result.has_value()) << "analysed and listed";
  ASSERT_NE(summaryOf(a, "right"), nullptr);
  EXPECT_NEAR(summaryOf(a, "right")->measure.best, 340.0, 1.0);
  EXPECT_EQ(summaryOf(a, "right")->measure.n, 1u);
  ASSERT_EQ(a.criteria.size(), 1u);
  EXPECT_FALSE(a.criteria[0].pass) << "LSI 85 % from the counted trials";

  s.trials[2].info.included = "the patient completed the effort before the crash";
  const results::SessionAnalysis b = results::analyzeSession(s, {}, {lsi});
  EXPECT_TRUE(b.entries[2].left_out.empty());
  EXPECT_NEAR(summaryOf(b, "right")->measure.best, 420.0, 1.0);
  EXPECT_TRUE(b.criteria[0].pass);
}

TEST(SessionAnalysis, AnEffortCutByAFailureIsNotCountedOneCutByTheTestsTimeIs) {
  store::SessionRecord s = test::leftRightSession();
  // A right trial whose link was lost while the patient still pulled 450 N.
  store::TrialRecord t = test::effortTrial(3, "right", 450.0);
  t.info.stop_reason = "link_error";
  const std::size_t end = 3500;  // 3.5 s: on the plateau
  t.time_s.resize(end);
  t.host_time_s.resize(end);
  t.channels[0].resize(end);
  s.trials.push_back(t);
  const results::SessionAnalysis a = results::analyzeSession(s, {});
  ASSERT_NE(summaryOf(a, "right"), nullptr);
  EXPECT_NEAR(summaryOf(a, "right")->measure.best, 340.0, 1.0);
  const auto& efforts = a.entries[2].result->efforts;
  ASSERT_FALSE(efforts.empty());
  EXPECT_NE(std::find(efforts.back().quality_flags.begin(), efforts.back().quality_flags.end(),
                      "effort_cut_by_end_of_recording"),
            efforts.back().quality_flags.end());
  // The same cut by the test's duration: the patient was still at the plateau; counted, flagged.
  s.trials[2].info.stop_reason = "duration";
  EXPECT_NEAR(summaryOf(results::analyzeSession(s, {}), "right")->measure.best, 450.0, 1.0);
}

// Two plates (side "both"): each plate and their sum, the test's primary force. The total's peak
// is the peak of the summed force, not the sum of the plates' peaks (they need not coincide).
TEST(SessionAnalysis, TwoPlatesGiveEachPlateAndTheTotal) {
  store::TrialRecord t = test::effortTrial(1, "both", 800.0);
  t.info.channel_names = {"left_force_n", "right_force_n"};
  std::vector<double> right = t.channels[0];
  for (std::size_t i = 0; i < right.size(); ++i) {
    right[i] *= 0.9;
    if (t.time_s[i] >= 3.0 && t.time_s[i] < 3.1) right[i] = 900.0;  // a brief right-only peak
  }
  t.channels.push_back(right);
  store::SessionRecord s;
  s.info.test = "mid-thigh-pull";
  s.trials.push_back(t);
  const analysis::Criterion total_peak{"Total peak >= 1500 N", "peak_force_n", "total",
                                       analysis::Comparison::AtLeast, 1500.0};
  const results::SessionAnalysis a = results::analyzeSession(s, {}, {total_peak});
  ASSERT_EQ(a.entries.size(), 3u);
  EXPECT_EQ(a.entries[2].side, "total");
  EXPECT_TRUE(a.entries[2].summed);
  EXPECT_EQ(a.entries[2].channel_name, results::kTotalChannelName);
  ASSERT_NE(summaryOf(a, "total"), nullptr);
  EXPECT_NEAR(summaryOf(a, "left")->measure.best, 800.0, 1.0);
  EXPECT_NEAR(summaryOf(a, "right")->measure.best, 900.0, 1.0);
  EXPECT_NEAR(summaryOf(a, "total")->measure.best, 800.0 + 900.0, 1.0);  // at 3.0-3.1 s
  EXPECT_LT(summaryOf(a, "total")->measure.best, 800.0 + 900.0 + 1.0);
  // Left against right is still plate against plate; the total is a criterion's side.
  for (const auto& e : a.asymmetry) EXPECT_NE(e.metric.find("total"), 0u);
  ASSERT_EQ(a.criteria.size(), 1u);
  EXPECT_TRUE(a.criteria[0].pass) << a.criteria[0].detail;
}

namespace {

/// A stance on two plates at 100 Hz for `seconds`: each foot's COP on a circle of `radius_mm`
/// at 0.5 Hz, 400 N left and 300 N right; arrival times equal the trial clock.
store::TrialRecord stanceTrial(int number, const std::string& condition, double radius_mm,
                               double seconds) {
  store::TrialRecord t;
  t.info.number = number;
  t.info.side = "both";
  t.info.condition = condition;
  t.info.surface = "firm";
  t.info.nominal_rate_hz = 100.0;
  t.info.plate_pitch_mm = 300.0;
  t.info.channel_names = {"left", "right"};
  t.info.cop_names = {"left_cop_x_mm", "left_cop_y_mm", "right_cop_x_mm", "right_cop_y_mm"};
  t.channels.resize(2);
  t.cop_mm.resize(4);
  const auto n = static_cast<std::size_t>(seconds * 100);
  for (std::size_t i = 0; i < n; ++i) {
    const double s = static_cast<double>(i) / 100.0;
    t.time_s.push_back(s);
    t.host_time_s.push_back(s);
    t.channels[0].push_back(400.0);
    t.channels[1].push_back(300.0);
    const double a = 2 * 3.14159265358979 * 0.5 * s;
    for (std::size_t p = 0; p < 2; ++p) {
      t.cop_mm[2 * p].push_back(radius_mm * std::cos(a));
      t.cop_mm[2 * p + 1].push_back(radius_mm * std::sin(a));
    }
  }
  return t;
}

/// The session analysed as a balance test, with the default sway method.
results::SessionAnalysis analyzeBalance(const store::SessionRecord& s) {
  analysis::AnalysisMethod method;
  method.family = analysis::TestFamily::Balance;
  return results::analyzeSession(s, method);
}

}  // namespace

// A balance session: the stance starts at the go, the plates combine a pitch apart, the feet's
// load shares, Romberg of the counted trials only.
TEST(SessionAnalysis, BalanceStancesStartAtTheGoAndRombergCountsOnlyCountedTrials) {
  store::SessionRecord s;
  s.info.test = "quiet-stance";
  s.trials.push_back(stanceTrial(1, "eyes-open", 5.0, 12.0));
  s.trials.push_back(stanceTrial(2, "eyes-closed", 10.0, 12.0));
  s.trials[0].info.cue_host_time_s = 2.0;  // the countdown's 2 s are not the stance
  store::TrialRecord recovered = stanceTrial(3, "eyes-closed", 40.0, 12.0);
  recovered.info.recovery_note = "recovered from a journal";
  s.trials.push_back(recovered);
  const results::SessionAnalysis a = analyzeBalance(s);
  ASSERT_EQ(a.balance.size(), 3u);
  const results::BalanceTrial& first = a.balance[0];
  ASSERT_TRUE(first.sway) << first.error;
  EXPECT_DOUBLE_EQ(first.sway->window_start_s, 2.0);
  EXPECT_DOUBLE_EQ(first.sway->duration_s, 10.0);
  EXPECT_EQ(first.cop_source, "left and right plates combined");
  // Both feet on the same circle: the combined COP is that circle moved by the weights' pull
  // towards the left plate, (300 x 150 - 400 x 150) / 700 = -21.4 mm.
  EXPECT_NEAR(first.sway->mean_ml_mm, -150.0 * 100.0 / 700.0, 0.05);
  EXPECT_NEAR(*first.load_share_left_percent, 400.0 / 7.0, 1e-9);
  EXPECT_FALSE(a.balance[2].left_out.empty());
  ASSERT_EQ(a.romberg.size(), 1u);
  // Radius 10 against 5: twice the velocity, four times the area (trial 3 left out).
  EXPECT_NEAR(a.romberg[0].velocity_percent, 200.0, 0.5);
  EXPECT_NEAR(a.romberg[0].area_percent, 400.0, 2.0);
  EXPECT_NE(results::sessionHeadline(a).find("Romberg"), std::string::npos);
}

// A trial a busy station ended late (its tick came after the planned samples had arrived) is
// measured over its planned duration from the go, not to its last sample: a 30 s Romberg
// stance is 30 s. A planned duration longer than what was recorded takes what there is.
TEST(SessionAnalysis, AStanceIsMeasuredOverItsPlannedDurationFromTheGo) {
  store::SessionRecord s;
  s.info.test = "quiet-stance";
  s.trials.push_back(stanceTrial(1, "eyes-open", 5.0, 12.0));
  s.trials[0].info.cue_host_time_s = 1.5;
  s.trials[0].info.planned_duration_s = 8.0;  // recorded to 12 s: 2.5 s too long
  s.trials.push_back(stanceTrial(2, "eyes-closed", 5.0, 6.0));
  s.trials[1].info.cue_host_time_s = 1.0;
  s.trials[1].info.planned_duration_s = 8.0;  // the recording holds 5 s after the go
  // What a hand-edited file may say: the stance runs to the end.
  for (double bad : {1e300, -3.0, std::numeric_limits<double>::quiet_NaN()}) {
    store::SessionRecord odd = s;
    odd.trials.resize(1);
    odd.trials[0].info.planned_duration_s = bad;
    const results::SessionAnalysis b = analyzeBalance(odd);
    ASSERT_TRUE(b.balance.at(0).sway) << bad;
    EXPECT_DOUBLE_EQ(b.balance[0].sway->duration_s, 10.5) << bad;
  }
  const results::SessionAnalysis a = analyzeBalance(s);
  ASSERT_EQ(a.balance.size(), 2u);
  ASSERT_TRUE(a.balance[0].sway) << a.balance[0].error;
  EXPECT_DOUBLE_EQ(a.balance[0].sway->window_start_s, 1.5);
  EXPECT_DOUBLE_EQ(a.balance[0].sway->duration_s, 8.0);
  EXPECT_DOUBLE_EQ(a.balance[0].sway->window_end_s, 9.5);
  ASSERT_TRUE(a.balance[1].sway) << a.balance[1].error;
  EXPECT_DOUBLE_EQ(a.balance[1].sway->window_start_s, 1.0);
  EXPECT_DOUBLE_EQ(a.balance[1].sway->duration_s, 5.0);
  // Nothing left out of the planned stance: no flag for the samples after it.
  for (const auto& b : a.balance)
    for (const std::string& f : b.quality_flags)
      EXPECT_EQ(f.find("no_cop_for"), std::string::npos) << f;
}

// A single-leg stance that fails at once is a result (its time to failure), not an error: the
// sway is left out for being too short, the failure is kept.
TEST(SessionAnalysis, ASingleLegStanceThatFailsAtOnceKeepsItsTimeToFailure) {
  store::SessionRecord s;
  s.info.test = "single-leg-stance";
  store::TrialRecord t = stanceTrial(1, "eyes-open", 5.0, 6.0);
  t.info.side = "left";
  for (std::size_t i = 0; i < t.time_s.size(); ++i) {
    const bool down = t.time_s[i] >= 1.0;
    t.channels[0][i] = down ? 450.0 : 700.0;
    t.channels[1][i] = down ? 250.0 : 0.0;
  }
  s.trials.push_back(t);
  const results::SessionAnalysis a = analyzeBalance(s);
  ASSERT_EQ(a.balance.size(), 1u);
  const results::BalanceTrial& b = a.balance[0];
  EXPECT_TRUE(b.error.empty()) << b.error;
  EXPECT_FALSE(b.sway.has_value());
  ASSERT_TRUE(b.failure.has_value());
  EXPECT_TRUE(b.failure->failed);
  EXPECT_NEAR(b.failure->time_to_failure_s, 1.0, 1e-9);
  EXPECT_FALSE(a.anyFailed());
  EXPECT_NEAR(a.values.at("time_to_failure_s@left"), 1.0, 1e-9);
}
