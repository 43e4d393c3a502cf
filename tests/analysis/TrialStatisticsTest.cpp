#include <gtest/gtest.h>

#include <cmath>

#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/ReturnToSportCriteria.h"
#include "holdfast/analysis/TrialStatistics.h"

using namespace holdfast::analysis;

TEST(TrialStatistics, BestMeanAndCv) {
  const std::vector<double> peaks{100.0, 110.0, 90.0};
  const RepeatedMeasure r = summarizeTrials(peaks);
  EXPECT_EQ(r.n, 3u);
  EXPECT_DOUBLE_EQ(r.best, 110.0);
  EXPECT_DOUBLE_EQ(r.mean, 100.0);
  EXPECT_DOUBLE_EQ(r.sd, 10.0);
  EXPECT_DOUBLE_EQ(r.cv_percent, 10.0);
  EXPECT_THROW((void)summarizeTrials(std::vector<double>{}), AnalysisError);
}

TEST(TrialStatistics, MinimalDetectableChange) {
  EXPECT_NEAR(mdc95(5.0), 1.96 * std::sqrt(2.0) * 5.0, 1e-12);
  EXPECT_NEAR(semFromIcc(20.0, 0.91), 6.0, 1e-12);
  const SessionChange c = compareSessions(300.0, 330.0, 5.0);
  EXPECT_DOUBLE_EQ(c.change, 30.0);
  EXPECT_DOUBLE_EQ(c.change_percent, 10.0);
  EXPECT_TRUE(c.exceeds_mdc);  // 30 > 13.86
  EXPECT_FALSE(compareSessions(300.0, 310.0, 5.0).exceeds_mdc);
}

TEST(ReturnToSportCriteria, ResolvesInvolvedSideAndReportsWhatDecided) {
  const MetricValues values{{"peak_force_n@left", 380.0},
                            {"peak_force_n@right", 326.0},
                            {"lsi_percent:peak_force_n", 85.8}};
  const std::vector<Criterion> criteria{
      {"LSI >= 90 %", "lsi_percent:peak_force_n", "", Comparison::AtLeast, 90.0},
      {"Involved >= 337 N", "peak_force_n", "involved", Comparison::AtLeast, 337.0},
      {"Uninvolved >= 337 N", "peak_force_n", "uninvolved", Comparison::AtLeast, 337.0},
      {"Missing metric", "rfd_0-100ms_n_per_s", "left", Comparison::AtLeast, 1.0},
  };
  const auto out = evaluateCriteria(criteria, values, Limb::Right);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_FALSE(out[0].pass);
  EXPECT_DOUBLE_EQ(*out[0].value, 85.8);
  EXPECT_EQ(out[1].resolved_side, "right");
  EXPECT_FALSE(out[1].pass);
  EXPECT_EQ(out[2].resolved_side, "left");
  EXPECT_TRUE(out[2].pass);
  EXPECT_NE(out[2].detail.find("pass"), std::string::npos);
  EXPECT_FALSE(out[3].pass);
  EXPECT_FALSE(out[3].value);
  EXPECT_NE(out[3].detail.find("no value"), std::string::npos);
  // Without an involved side, involved/uninvolved criteria fail and say why.
  EXPECT_NE(evaluateCriteria(criteria, values, std::nullopt)[1].detail.find("no involved side"),
            std::string::npos);
  EXPECT_EQ(parseComparison("<="), Comparison::AtMost);
  EXPECT_THROW((void)parseComparison("=>"), AnalysisError);
  // Words for a clinician: the side as asked and as resolved, one decimal, the unit.
  EXPECT_EQ(out[1].detail.substr(0, out[1].detail.find(',')), "involved (right) 326.0 N")
      << out[1].detail;
  EXPECT_EQ(out[0].detail, "85.8 %, needs >= 90 %: fail");
  // The verdict counts what applies.
  auto outcomes = out;
  outcomes[3].applicable = false;
  const CriteriaVerdict v = summarizeCriteria(outcomes);
  EXPECT_EQ(v.met, 1u);
  EXPECT_EQ(v.applicable, 3u);
  EXPECT_FALSE(v.cleared());
  EXPECT_EQ(v.text(), "1 of 3 criteria met: not cleared (1 not applicable)");
  // Nothing applicable: no verdict, neither cleared nor "not cleared".
  for (auto& o : outcomes) o.applicable = false;
  const CriteriaVerdict none = summarizeCriteria(outcomes);
  EXPECT_FALSE(none.cleared());
  EXPECT_EQ(none.text(), "no criterion applies to this session (4 not applicable)");
  EXPECT_EQ(metricUnit("rfd_0-100ms_n_per_s"), " N/s");
  EXPECT_EQ(metricUnit("lsi_percent:peak_force_n"), " %");
  EXPECT_EQ(metricUnit("relative_peak_n_per_kg"), " N/kg");
  EXPECT_EQ(metricUnit("time_to_failure_s"), " s");
}
