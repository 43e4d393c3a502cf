// What a session's verdict counts: a trial recovered after an interruption and an effort the
// recording cut off are listed but never the best, until a clinician includes the trial.

#include <gtest/gtest.h>

#include "../support/EffortSessions.h"
#include "holdfast/session/SessionAnalysis.h"

using namespace holdfast;

namespace {

const session::SideSummary* summaryOf(const session::SessionAnalysis& a, const std::string& side) {
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

  const session::SessionAnalysis a = session::analyzeSession(s, {}, {lsi});
  ASSERT_EQ(a.entries.size(), 3u);
  EXPECT_FALSE(a.entries[2].left_out.empty());
  EXPECT_TRUE(a.entries[2].result.has_value()) << "analysed and listed";
  ASSERT_NE(summaryOf(a, "right"), nullptr);
  EXPECT_NEAR(summaryOf(a, "right")->measure.best, 340.0, 1.0);
  EXPECT_EQ(summaryOf(a, "right")->measure.n, 1u);
  ASSERT_EQ(a.criteria.size(), 1u);
  EXPECT_FALSE(a.criteria[0].pass) << "LSI 85 % from the counted trials";

  s.trials[2].info.included = "the patient completed the effort before the crash";
  const session::SessionAnalysis b = session::analyzeSession(s, {}, {lsi});
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
  const session::SessionAnalysis a = session::analyzeSession(s, {});
  ASSERT_NE(summaryOf(a, "right"), nullptr);
  EXPECT_NEAR(summaryOf(a, "right")->measure.best, 340.0, 1.0);
  const auto& efforts = a.entries[2].result->efforts;
  ASSERT_FALSE(efforts.empty());
  EXPECT_NE(std::find(efforts.back().quality_flags.begin(), efforts.back().quality_flags.end(),
                      "effort_cut_by_end_of_recording"),
            efforts.back().quality_flags.end());
  // The same cut by the test's duration: the patient was still at the plateau; counted, flagged.
  s.trials[2].info.stop_reason = "duration";
  EXPECT_NEAR(summaryOf(session::analyzeSession(s, {}), "right")->measure.best, 450.0, 1.0);
}
