#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "holdfast/analysis/ForceSeries.h"

using namespace holdfast::analysis;

TEST(ForceSeries, AcceptsAValidSeries) {
  std::vector<double> t{0, 0.001, 0.002}, f{1, 2, 3};
  EXPECT_NO_THROW(validateForceSeries({t, f}));
}

TEST(ForceSeries, RejectsLengthMismatch) {
  std::vector<double> t{0, 0.001}, f{1, 2, 3};
  EXPECT_THROW(validateForceSeries({t, f}), AnalysisError);
}

TEST(ForceSeries, RejectsTooShort) {
  std::vector<double> t{0}, f{1};
  EXPECT_THROW(validateForceSeries({t, f}, 2), AnalysisError);
  std::vector<double> empty;
  EXPECT_THROW(validateForceSeries({empty, empty}), AnalysisError);
}

TEST(ForceSeries, RejectsNanAndInfWithTheSampleIndex) {
  std::vector<double> t{0, 0.001, 0.002}, f{1, std::numeric_limits<double>::quiet_NaN(), 3};
  try {
    validateForceSeries({t, f});
    FAIL() << "NaN accepted";
  } catch (const AnalysisError& e) {
    EXPECT_NE(std::string(e.what()).find("sample 1"), std::string::npos) << e.what();
  }
  f[1] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(validateForceSeries({t, f}), AnalysisError);
}

TEST(ForceSeries, RejectsNonMonotonicTime) {
  std::vector<double> t{0, 0.002, 0.002}, f{1, 2, 3};
  EXPECT_THROW(validateForceSeries({t, f}), AnalysisError);
  std::vector<double> t2{0, 0.002, 0.001};
  EXPECT_THROW(validateForceSeries({t2, f}), AnalysisError);
}

TEST(ForceSeries, MedianIntervalIgnoresOneLatePacket) {
  std::vector<double> t{0, 0.001, 0.002, 0.050, 0.051, 0.052}, f(6, 0.0);
  EXPECT_DOUBLE_EQ(medianSampleInterval({t, f}), 0.001);
}

TEST(ForceSeries, IndexAtOrAfter) {
  std::vector<double> t{0, 0.5, 1.0}, f(3, 0.0);
  EXPECT_EQ(indexAtOrAfter({t, f}, 0.5), 1u);
  EXPECT_EQ(indexAtOrAfter({t, f}, 0.6), 2u);
  EXPECT_EQ(indexAtOrAfter({t, f}, 2.0), 3u);
}

// The median interval read from counts (a clock's few distinct intervals) is bit for bit the
// value a selection over every interval gives, whether the intervals take one value, a few
// (the median not the most common one), sixteen, seventeen, or thousands (jitter).
TEST(ForceSeries, MedianIntervalFromCountsIsTheSelectedValue) {
  const auto selected = [](const std::vector<double>& t) {
    std::vector<double> dt;
    for (std::size_t i = 1; i < t.size(); ++i) dt.push_back(t[i] - t[i - 1]);
    auto mid = dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2);
    std::nth_element(dt.begin(), mid, dt.end());
    return *mid;
  };
  const auto series = [](const std::vector<double>& steps) {
    std::vector<double> t{0.0};
    for (double s : steps) t.push_back(t.back() + s);
    return t;
  };
  std::vector<std::vector<double>> cases;
  std::vector<double> clock(6076);
  for (std::size_t i = 0; i < clock.size(); ++i) clock[i] = static_cast<double>(i) / 1000.0;
  cases.push_back(clock);                                        // 1 kHz: rounding neighbours
  cases.push_back(series({0.001, 0.001, 0.001, 0.001, 0.001}));  // one value
  cases.push_back(series({0.001, 0.001, 0.003, 0.003, 0.002}));  // median 0.002, not the mode
  std::vector<double> sixteen, seventeen;  // the most values counted, and one more: selected
  for (int k = 0; k < 16; ++k) sixteen.push_back(0.001 * (1 + (k * 5) % 16));
  seventeen = sixteen;
  seventeen.push_back(0.0305);
  cases.push_back(series(sixteen));
  cases.push_back(series(seventeen));
  std::vector<double> jitter(3000);
  for (std::size_t i = 0; i < jitter.size(); ++i)
    jitter[i] = static_cast<double>(i) * 0.002 + 1e-5 * static_cast<double>((i * 7919) % 13);
  cases.push_back(jitter);
  for (const auto& t : cases) {
    const double got = medianSampleInterval({t, t});
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(selected(t)))
        << got << " from " << t.size() << " samples";
  }
}
