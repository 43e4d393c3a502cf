// The analysis against recordings made by others, with the values their tools computed
// (../shared/realdata/MANIFEST.md; the MIT-licensed JumpMetrics file is also in data_samples/).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "holdfast/analysis/Baseline.h"
#include "holdfast/analysis/JumpAnalysis.h"
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

// JumpMetrics' own output row for F02_CTRL2 (batch_processed_data_F02_CTRL2_excerpt.csv), with
// Holdfast weighing as it does (mean of the first 500 samples). The differences of method are
// documented in docs/analysis.md (Jumps, validation): JumpMetrics integrates from the first
// sample with g = 9.81 up to the last sample of the export; Holdfast from the onset (BW +- 5 SD
// moved back 30 ms) with g = 9.80665 up to the first sample below 20 N.
TEST(RealData, JumpMetricsCountermovementJumpEventsPhasesAndImpulses) {
  std::vector<double> frame, force;
  ASSERT_TRUE(readColumns(std::string(HOLDFAST_SOURCE_DIR) +
                              "/data_samples/jumpmetrics_F02_CTRL2/group_cutoff_force_series.csv",
                          0, 1, frame, force));
  std::vector<double> t(frame.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = frame[i] / 2000.0;
  AnalysisMethod m;
  m.family = TestFamily::Jump;
  m.baseline.kind = BaselineMethod::Kind::FixedWindow;
  m.baseline.start_s = 0.0;
  m.baseline.end_s = 499.0 / 2000.0;
  const JumpAnalysis a = analyzeJumps(ForceSeries{t, force}, {}, {}, m, std::nullopt);
  ASSERT_EQ(a.jumps.size(), 1u);
  const Jump& j = a.jumps[0];
  EXPECT_NEAR(j.weighing->body_weight_n, 723.0936, 5e-4);
  const auto frameOf = [](double s) { return std::lround(s * 2000.0); };
  // The export ends at take-off: the flight has no landing.
  EXPECT_EQ(frameOf(j.takeoff_s), 3956);  // JumpMetrics: the end of the export, 3961
  EXPECT_FALSE(j.landing_s);
  // Lowest velocity and lowest position: frames 3006 and 3446 in JumpMetrics.
  EXPECT_EQ(frameOf(*j.onset_s + *j.unweighting_s), 3006);
  EXPECT_NEAR(static_cast<double>(frameOf(*j.onset_s + *j.unweighting_s + *j.braking_s)), 3446.0,
              3.0);
  EXPECT_NEAR(*j.braking_s, 0.22, 0.002);
  EXPECT_NEAR(*j.propulsion_s, 0.2575, 0.004);
  EXPECT_NEAR(*j.takeoff_velocity_m_per_s, 2.4428670, 0.01 * 2.4428670);
  EXPECT_NEAR(*j.jump_height_impulse_m, 0.3041590, 0.02 * 0.3041590);
  EXPECT_NEAR(*j.countermovement_depth_m, -0.2188503, 0.01);
  EXPECT_NEAR(*j.braking_impulse_n_s, 35.0742899, 0.02 * 35.0742899);
  EXPECT_NEAR(*j.propulsive_impulse_n_s, 180.0071656, 0.01 * 180.0071656);
  EXPECT_NEAR(*j.mean_braking_force_n, 881.9869578, 0.005 * 881.9869578);
  EXPECT_NEAR(*j.mean_propulsive_force_n, 1424.6722024, 0.01 * 1424.6722024);
  EXPECT_NEAR(*j.peak_propulsive_force_n, 1813.6744219, 1e-6);
}

// andrewlba/ACL_squat_jump, subject BFR007, first jump: two plates, 1 kHz, the authors' events
// set by hand (BFR007_index.csv: concentric phase 1656-1810, landing from 2063). The export
// zeroes force below about 25 N; the standing before the dip lasts about 0.1 s.
TEST(RealData, AclSquatJumpTwoPlatesEventsAgainstTheHandSetOnes) {
  const std::string path =
      std::string(HOLDFAST_REALDATA_DIR) + "/acl_squat_jump/BFR007_1st_squat_jump.csv";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "not beside ../shared/realdata: " << path;
  std::string line;
  std::getline(in, line);
  std::vector<double> t, total, left, right;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::vector<double> row;
    while (std::getline(ss, cell, ',')) row.push_back(std::stod(cell));
    t.push_back(row.at(1));
    right.push_back(row.at(3));  // ground_force1_vy: right foot
    left.push_back(row.at(12));  // ground_force2_vy: left foot
    total.push_back(row.at(3) + row.at(12));
  }
  AnalysisMethod m;
  m.family = TestFamily::Jump;
  const JumpAnalysis a = analyzeJumps(ForceSeries{t, total}, left, right, m, std::nullopt);
  ASSERT_EQ(a.jumps.size(), 1u);
  const Jump& j = a.jumps[0];
  // Weighed on the 0.12 s of standing there is, and flagged.
  EXPECT_TRUE(j.weighing->short_window);
  EXPECT_NEAR(j.weighing->body_weight_n, 888.66, 0.01);
  // Take-off 7 ms before the hand-set 1810; touch-down 18 ms after the hand-set 2063 (the
  // force is 0 until 2081).
  EXPECT_EQ(std::lround(j.takeoff_s * 1000.0), 1803);
  EXPECT_EQ(std::lround(*j.landing_s * 1000.0), 2081);
  EXPECT_NEAR(*j.flight_time_s, 0.278, 1e-9);
  // Both feet: per-plate landing forces, and the right foot carries most of every phase.
  ASSERT_TRUE(j.left && j.right);
  EXPECT_GT(*j.right->peak_landing_force_n, *j.left->peak_landing_force_n);
  EXPECT_NEAR(*j.left->peak_landing_force_n + *j.right->peak_landing_force_n,
              *j.peak_landing_force_n, 0.35 * *j.peak_landing_force_n);
  EXPECT_EQ(j.asymmetry.size(), 6u);
}
