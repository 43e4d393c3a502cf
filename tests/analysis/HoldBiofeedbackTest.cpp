// The hold timer the patient sees follows the analysis' rules: threshold target x (1 - tol),
// dips shorter than the grace period counted, a longer drop is the failure, dated where it began.

#include <gtest/gtest.h>

#include "holdfast/analysis/HoldBiofeedback.h"

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
