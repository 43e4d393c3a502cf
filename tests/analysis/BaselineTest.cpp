#include <gtest/gtest.h>

#include <cmath>

#include "holdfast/analysis/Baseline.h"

using namespace holdfast::analysis;

namespace {
// 3 s at 1 kHz: 0-1.5 s a +-3 N ripple around 20 N, 1.5-3 s a +-0.5 N ripple around 12 N.
void twoQuietSections(std::vector<double>& t, std::vector<double>& f) {
  for (int k = 0; k < 3000; ++k) {
    t.push_back(k / 1000.0);
    const double sign = (k % 2 == 0) ? 1.0 : -1.0;
    f.push_back(k < 1500 ? 20.0 + 3.0 * sign : 12.0 + 0.5 * sign);
  }
}
}  // namespace

TEST(Baseline, QuietestWindowPicksTheCalmerSection) {
  std::vector<double> t, f;
  twoQuietSections(t, f);
  const Baseline b = quietestWindowBaseline({t, f}, 1.0, t.size());
  // A 1000-sample window inside the second section: mean 12, SD = 0.5 * sqrt(n / (n - 1)).
  EXPECT_GE(b.first_index, 1500u);
  EXPECT_EQ(b.last_index - b.first_index + 1, 1000u);
  EXPECT_NEAR(b.mean_n, 12.0, 1e-9);
  EXPECT_NEAR(b.sd_n, 0.5 * std::sqrt(1000.0 / 999.0), 1e-9);
  EXPECT_EQ(b.method, "quietest-window");
}

TEST(Baseline, QuietestWindowHonoursTheSearchEnd) {
  std::vector<double> t, f;
  twoQuietSections(t, f);
  const Baseline b = quietestWindowBaseline({t, f}, 1.0, 1400);
  EXPECT_LE(b.last_index, 1399u);
  EXPECT_NEAR(b.mean_n, 20.0, 1e-9);
}

TEST(Baseline, QuietestWindowTooLongIsAnError) {
  std::vector<double> t, f;
  twoQuietSections(t, f);
  EXPECT_THROW((void)quietestWindowBaseline({t, f}, 1.0, 500), AnalysisError);
  EXPECT_THROW((void)quietestWindowBaseline({t, f}, 0.0, t.size()), AnalysisError);
}

TEST(Baseline, FixedWindowIsInclusive) {
  std::vector<double> t, f;
  twoQuietSections(t, f);
  const Baseline b = fixedWindowBaseline({t, f}, 2.0, 2.999);
  EXPECT_EQ(b.first_index, 2000u);
  EXPECT_EQ(b.last_index, 2999u);
  EXPECT_NEAR(b.mean_n, 12.0, 1e-9);
  EXPECT_EQ(b.method, "fixed-window");
}

TEST(Baseline, FixedWindowOutsideTheRecordingIsAnError) {
  std::vector<double> t, f;
  twoQuietSections(t, f);
  EXPECT_THROW((void)fixedWindowBaseline({t, f}, 5.0, 6.0), AnalysisError);
  EXPECT_THROW((void)fixedWindowBaseline({t, f}, 1.0, 1.0), AnalysisError);
}
