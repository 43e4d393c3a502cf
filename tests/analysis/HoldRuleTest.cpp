// The hold rule, tested once: the stored analysis (measureHold) and the live timer
// (HoldBiofeedback) both run it.

#include "holdfast/analysis/HoldRule.h"

#include <gtest/gtest.h>

#include <stdexcept>

using holdfast::analysis::HoldRule;

TEST(HoldRule, StartsAtTheFirstCrossingCountsDipsAndFailsWhereTheLongDropBegan) {
  HoldRule rule(90.0, 1.0);
  EXPECT_EQ(rule.add(0.0, 50.0), HoldRule::Step::None);
  EXPECT_EQ(rule.state(), HoldRule::State::Waiting);
  EXPECT_EQ(rule.add(1.0, 90.0), HoldRule::Step::Started);  // at the threshold counts
  EXPECT_DOUBLE_EQ(rule.startS(), 1.0);
  EXPECT_EQ(rule.add(2.0, 100.0), HoldRule::Step::None);
  EXPECT_EQ(rule.add(3.0, 80.0), HoldRule::Step::DipStarted);
  EXPECT_EQ(rule.add(3.5, 80.0), HoldRule::Step::None);  // 0.5 s below: still within the grace
  EXPECT_EQ(rule.add(3.9, 95.0), HoldRule::Step::DipEnded);
  ASSERT_EQ(rule.dipDurationsS().size(), 1u);
  EXPECT_NEAR(rule.dipDurationsS()[0], 0.9, 1e-12);
  EXPECT_EQ(rule.add(5.0, 10.0), HoldRule::Step::DipStarted);
  EXPECT_EQ(rule.add(6.0, 10.0), HoldRule::Step::None);  // exactly the grace: not yet
  EXPECT_EQ(rule.add(6.01, 10.0), HoldRule::Step::Failed);
  ASSERT_TRUE(rule.failedAtS());
  EXPECT_DOUBLE_EQ(*rule.failedAtS(), 5.0);               // dated where the drop began
  EXPECT_EQ(rule.add(7.0, 100.0), HoldRule::Step::None);  // a failure is final
  EXPECT_EQ(rule.state(), HoldRule::State::Failed);
  EXPECT_EQ(rule.dipDurationsS().size(), 1u);  // the failure is not a dip
}

TEST(HoldRule, RefusesAThresholdOfZeroOrANegativeGrace) {
  EXPECT_THROW(HoldRule(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(HoldRule(10.0, -0.1), std::invalid_argument);
}
