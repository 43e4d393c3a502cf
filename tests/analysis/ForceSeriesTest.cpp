#include <gtest/gtest.h>

#include <limits>

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
