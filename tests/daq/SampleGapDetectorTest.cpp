#include <gtest/gtest.h>

#include "holdfast/daq/SampleGapDetector.h"

using namespace holdfast::daq;

TEST(SampleGapDetector, RegularStreamHasNoGaps) {
  SampleGapDetector d;
  for (int k = 0; k < 1000; ++k) EXPECT_FALSE(d.next(k * 0.001)) << k;
  ASSERT_TRUE(d.period_s());
  EXPECT_NEAR(*d.period_s(), 0.001, 1e-12);
}

TEST(SampleGapDetector, CountsMissingSamples) {
  SampleGapDetector d;
  for (int k = 0; k < 100; ++k) d.next(k * 0.001);
  // samples 100..104 lost: the next one is 105
  const auto f = d.next(0.105);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, GapFinding::Kind::Gap);
  EXPECT_EQ(f->value, 5);
  EXPECT_FALSE(d.next(0.106));
}

TEST(SampleGapDetector, TimeGoingBackIsReported) {
  SampleGapDetector d;
  for (int k = 0; k < 20; ++k) d.next(k * 0.001);
  const auto f = d.next(0.010);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, GapFinding::Kind::TimeReversal);
  EXPECT_EQ(f->value, 9000);  // microseconds
}
