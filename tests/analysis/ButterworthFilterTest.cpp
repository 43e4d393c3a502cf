// Against scipy.signal.butter + filtfilt: tests/data/make_butterworth_reference.py made the
// reference vectors once with Debian's python3-scipy.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "holdfast/analysis/ButterworthFilter.h"
#include "holdfast/analysis/ForceSeries.h"

using namespace holdfast::analysis;

namespace {
std::vector<std::vector<double>> readCsv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) row.push_back(std::stod(cell));
    rows.push_back(row);
  }
  return rows;
}
const std::string kData = std::string(HOLDFAST_SOURCE_DIR) + "/tests/data/";
}  // namespace

TEST(ButterworthFilter, CoefficientsMatchScipy) {
  const auto designs = readCsv(kData + "butterworth_coefficients.csv");
  ASSERT_EQ(designs.size(), 4u);
  for (const auto& d : designs) {
    const int order = static_cast<int>(d[0]);
    const FilterCoefficients c = butterworthLowPass(order, d[1], d[2]);
    ASSERT_EQ(c.b.size(), static_cast<std::size_t>(order + 1));
    for (int i = 0; i <= order; ++i) {
      EXPECT_NEAR(c.b[static_cast<std::size_t>(i)], d[3 + static_cast<std::size_t>(i)],
                  1e-12 + 1e-9 * std::abs(d[3 + i]));
      EXPECT_NEAR(c.a[static_cast<std::size_t>(i)], d[4 + order + static_cast<std::size_t>(i)],
                  1e-9 * std::max(1.0, std::abs(d[4 + order + i])));
    }
  }
}

TEST(ButterworthFilter, FiltfiltMatchesScipyTo1e6) {
  const auto designs = readCsv(kData + "butterworth_coefficients.csv");
  const auto rows = readCsv(kData + "butterworth_reference.csv");
  ASSERT_EQ(rows.size(), 3000u);
  std::vector<double> x;
  for (const auto& r : rows) x.push_back(r[1]);
  for (std::size_t k = 0; k < designs.size(); ++k) {
    const auto y = filtfilt(
        butterworthLowPass(static_cast<int>(designs[k][0]), designs[k][1], designs[k][2]), x);
    ASSERT_EQ(y.size(), x.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      const double ref = rows[i][2 + k];
      worst = std::max(worst, std::abs(y[i] - ref) / std::max(1.0, std::abs(ref)));
    }
    EXPECT_LT(worst, 1e-6) << "design " << k;
  }
}

TEST(ButterworthFilter, RejectsBadDesignsAndShortInput) {
  EXPECT_THROW((void)butterworthLowPass(0, 10, 1000), AnalysisError);
  EXPECT_THROW((void)butterworthLowPass(4, 500, 1000), AnalysisError);
  EXPECT_THROW((void)butterworthLowPass(4, -1, 1000), AnalysisError);
  const std::vector<double> short_input(15, 1.0);
  EXPECT_THROW((void)filtfilt(butterworthLowPass(4, 10, 1000), short_input), AnalysisError);
  const std::vector<double> constant(100, 7.0);
  for (double v : filtfilt(butterworthLowPass(4, 10, 1000), constant)) EXPECT_NEAR(v, 7.0, 1e-9);
}
