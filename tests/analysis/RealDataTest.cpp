// The analysis against recordings made by others, with the values their tools computed
// (../shared/realdata/MANIFEST.md; the MIT-licensed JumpMetrics file is also in data_samples/).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "holdfast/analysis/Baseline.h"
#include "holdfast/analysis/TrialAnalysis.h"

using namespace holdfast::analysis;

namespace {

/// Reads two numeric columns of a CSV with a header row.
bool readColumns(const std::string& path, int time_col, int force_col, std::vector<double>& a,
                 std::vector<double>& b) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::vector<double> row;
    while (std::getline(ss, cell, ',')) row.push_back(std::stod(cell));
    a.push_back(row.at(static_cast<std::size_t>(time_col)));
    b.push_back(row.at(static_cast<std::size_t>(force_col)));
  }
  return true;
}

}  // namespace

TEST(RealData, JumpMetricsBodyWeightAndPeakForce) {
  std::vector<double> frame, force;
  ASSERT_TRUE(readColumns(std::string(HOLDFAST_SOURCE_DIR) +
                              "/data_samples/jumpmetrics_F02_CTRL2/group_cutoff_force_series.csv",
                          0, 1, frame, force));
  ASSERT_EQ(force.size(), 3961u);
  std::vector<double> t(frame.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = frame[i] / 2000.0;  // 2000 Hz
  const ForceSeries s{t, force};

  // JumpMetrics: body weight = mean of the first 500 samples = 723.0936 N.
  const Baseline bw = fixedWindowBaseline(s, 0.0, 499.0 / 2000.0);
  EXPECT_EQ(bw.last_index - bw.first_index + 1, 500u);
  EXPECT_NEAR(bw.mean_n, 723.0936, 5e-4);

  // Peak force 1813.6744 N at frame 3715.
  const PeakForce peak = findPeakForce(s, 0, s.size());
  EXPECT_NEAR(peak.force_n, 1813.6744, 5e-4);
  EXPECT_EQ(peak.index, 3715u);
  // Total net impulse: trapezoid of F - BW over all samples = 180.0633 N s.
  EXPECT_NEAR(integrate(s, t.front(), t.back(), bw.mean_n), 180.0633, 5e-4);
  // Average RFD from frame 3446 to 3715 = 4607.2592 N/s.
  EXPECT_NEAR((force[3715] - force[3446]) / (t[3715] - t[3446]), 4607.2592, 5e-4);
}

TEST(RealData, IsometricAnalyzerExample1HasASensibleOnsetAndPeak) {
  const std::string path = std::string(HOLDFAST_REALDATA_DIR) + "/isometric_analyzer/Example1.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is not beside the project";
  std::vector<double> t, f;
  ASSERT_TRUE(readColumns(path, 0, 1, t, f));
  const TrialAnalysis r = analyzeTrial({t, f}, AnalysisMethod{}, {});
  // Quiet standing (~700-820 N) until ~11 s, then the pull to 2803.55 N at 17.016 s.
  EXPECT_GT(r.baseline.mean_n, 650.0);
  EXPECT_LT(r.baseline.mean_n, 850.0);
  EXPECT_LT(r.baseline.end_s, 11.2);
  ASSERT_FALSE(r.efforts.empty());
  const auto best = std::max_element(
      r.efforts.begin(), r.efforts.end(),
      [](const auto& a, const auto& b) { return a.peak.force_n < b.peak.force_n; });
  EXPECT_NEAR(best->peak.force_n, 2803.552322, 1e-6);
  EXPECT_NEAR(best->peak.time_s, 17.016, 1e-9);
  EXPECT_GT(best->onset_s, r.baseline.end_s);
  EXPECT_LT(best->onset_s, 11.5);
  // A mid-thigh pull: a fast rise, hundreds to thousands of N/s over the first 100 ms.
  ASSERT_TRUE(best->rfd_n_per_s[1].value);
  EXPECT_GT(*best->rfd_n_per_s[1].value, 500.0);
  EXPECT_LT(*best->rfd_n_per_s[1].value, 20000.0);
  std::cout << "Example1: " << r.efforts.size() << " effort(s); baseline " << r.baseline.mean_n
            << " N (SD " << r.baseline.sd_n << ") over " << r.baseline.start_s << "-"
            << r.baseline.end_s << " s, onset " << best->onset_s << " s, peak "
            << best->peak.force_n << " N, net " << best->net_peak_force_n << " N, RFD 0-100 ms "
            << *best->rfd_n_per_s[1].value << " N/s, peak RFD "
            << best->peak_rfd_n_per_s.value_or(0.0) << " N/s\n";
}
