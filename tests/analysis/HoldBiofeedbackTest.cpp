// The hold timer the patient sees follows the analysis' rules: threshold target x (1 - tol),
// dips shorter than the grace period counted, a longer drop is the failure, dated where it began.

#include <gtest/gtest.h>

#include "holdfast/analysis/HoldBiofeedback.h"
#include "holdfast/analysis/HoldEndurance.h"

#include <vector>

using holdfast::analysis::HoldBiofeedback;

TEST(HoldBiofeedback, BandIsTargetPlusMinusTolerance) {
  HoldBiofeedback h(100.0, 10.0, 1.0);
  EXPECT_DOUBLE_EQ(h.lowerN(), 90.0);
  EXPECT_DOUBLE_EQ(h.upperN(), 110.0);
  EXPECT_THROW(HoldBiofeedback(0.0, 10.0, 1.0), std::invalid_argument);
}

TEST(HoldBiofeedback, TimesTheHoldCountsADipAndFailsAfterTheGrace) {
  HoldBiofeedback h(100.0, 10.0, 1.0);
  double t = 0.0;
  const auto feed = [&](double seconds, double force) {
    for (int k = 0; k < static_cast<int>(seconds * 1000); ++k, t += 0.001) h.add(t, force);
  };
  feed(1.0, 20.0);  // resting
  EXPECT_EQ(h.state(), HoldBiofeedback::State::Waiting);
  EXPECT_DOUBLE_EQ(h.holdTimeS(), 0.0);
  feed(10.0, 100.0);  // holding from t = 1
  EXPECT_EQ(h.state(), HoldBiofeedback::State::Holding);
  EXPECT_NEAR(h.holdTimeS(), 10.0, 0.002);
  feed(0.5, 70.0);  // a dip shorter than the grace
  feed(5.0, 95.0);
  EXPECT_EQ(h.dips(), 1);
  EXPECT_NEAR(h.timeInBandS(), 15.0, 0.01);
  const double drop = t;
  feed(2.0, 50.0);  // below for longer than the grace: failed where the drop began
  EXPECT_EQ(h.state(), HoldBiofeedback::State::Failed);
  ASSERT_TRUE(h.failedAtS().has_value());
  EXPECT_NEAR(*h.failedAtS(), drop, 0.002);
  EXPECT_NEAR(h.holdTimeS(), drop - 1.0, 0.003);
  feed(1.0, 100.0);  // coming back after a failure does not restart the clock
  EXPECT_EQ(h.state(), HoldBiofeedback::State::Failed);
}

// The screen and the report cannot disagree: the live timer fed a trace sample by sample ends
// with the start, dips, failure and time above that the stored analysis finds in it.
TEST(HoldBiofeedback, AgreesWithTheStoredAnalysisOfTheSameTrace) {
  std::vector<double> time, force;
  for (int k = 0; k < 20000; ++k) {
    const double t = k * 0.001;
    double f = 20.0;                    // resting
    if (t >= 2.0) f = 104.0;            // holding
    if (t >= 6.0 && t < 6.4) f = 80.0;  // a dip of 0.4 s
    if (t >= 9.0 && t < 9.7) f = 85.0;  // a dip of 0.7 s
    if (t >= 14.0) f = 40.0;            // the failure
    time.push_back(t);
    force.push_back(f);
  }
  holdfast::analysis::HoldMethod method;
  method.tolerance_percent = 10.0;
  method.grace_s = 1.0;
  const holdfast::analysis::ForceSeries series{time, force};
  const auto stored = holdfast::analysis::measureHold(series, 0, 100.0, method);

  HoldBiofeedback live(100.0, method.tolerance_percent, method.grace_s);
  for (std::size_t k = 0; k < time.size(); ++k) live.add(time[k], force[k]);

  ASSERT_TRUE(live.failedAtS());
  EXPECT_DOUBLE_EQ(*live.failedAtS(), stored.failure_s);
  EXPECT_DOUBLE_EQ(live.holdTimeS(), stored.time_to_failure_s);
  EXPECT_EQ(live.dips(), stored.dips);
  EXPECT_NEAR(live.timeInBandS(), stored.time_above_s, 1e-9);
  EXPECT_NEAR(stored.time_to_failure_s, 12.0, 1e-9);
  EXPECT_EQ(stored.dips, 2);
}
