#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "holdfast/ui/MinMaxDecimator.h"

using holdfast::ui::decimateMinMax;

TEST(MinMaxDecimator, KeepsEveryPeakAndBoundsThePointCount) {
  // 60 s at 1 kHz of noise-free sine plus one 1-sample spike: the spike must survive.
  std::vector<double> x, y;
  for (int k = 0; k < 60000; ++k) {
    x.push_back(k / 1000.0);
    y.push_back(100.0 * std::sin(k / 500.0));
  }
  y[31234] = 900.0;
  std::vector<std::pair<double, double>> out;
  decimateMinMax(x, y, 0.0, 60.0, 800, out);
  EXPECT_LE(out.size(), 1600u);
  EXPECT_GE(out.size(), 800u);
  const auto top =
      std::max_element(out.begin(), out.end(), [](auto a, auto b) { return a.second < b.second; });
  EXPECT_EQ(top->second, 900.0);
  EXPECT_DOUBLE_EQ(top->first, 31.234);
  EXPECT_TRUE(
      std::is_sorted(out.begin(), out.end(), [](auto a, auto b) { return a.first < b.first; }));
  const auto bottom =
      std::min_element(out.begin(), out.end(), [](auto a, auto b) { return a.second < b.second; });
  EXPECT_DOUBLE_EQ(bottom->second, *std::min_element(y.begin(), y.end()));
}

TEST(MinMaxDecimator, FewSamplesPassThroughUnchanged) {
  std::vector<double> x{0.0, 1.0, 2.0}, y{5.0, 7.0, 6.0};
  std::vector<std::pair<double, double>> out;
  decimateMinMax(x, y, 0.0, 2.0, 100, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1], (std::pair<double, double>{1.0, 7.0}));
}

TEST(MinMaxDecimator, EmptyOrDegenerateInputGivesNothing) {
  std::vector<double> none;
  std::vector<std::pair<double, double>> out;
  decimateMinMax(none, none, 0.0, 1.0, 10, out);
  std::vector<double> x{0.0}, y{1.0};
  decimateMinMax(x, y, 1.0, 1.0, 10, out);
  decimateMinMax(x, y, 0.0, 1.0, 0, out);
  EXPECT_TRUE(out.empty());
}
