// Results across sessions: the trend of a patient's sessions of one test, the MDC95 band from
// the typical error of the patient's own repeated efforts, and the comparison with the
// previous session, on session files written by the store.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "holdfast/report/SessionResults.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/ui/ResultsPage.h"

namespace fs = std::filesystem;
using namespace holdfast;

namespace {

store::TrialRecord effort(const std::string& side, double peak) {
  store::TrialRecord t;
  t.info.side = side;
  t.info.channel_names = {"force_n"};
  t.info.measured_rate_hz = 1000;
  t.channels.resize(1);
  for (int i = 0; i < 5000; ++i) {
    const double time = i * 0.001;
    t.time_s.push_back(time);
    t.host_time_s.push_back(time);
    const double on = time - 2.0;
    const double f = on > 0 && on < 2.0 ? 15 + (peak - 15) * (1 - std::exp(-on / 0.1)) : 15.0;
    t.channels[0].push_back(f + 0.3 * std::sin(i * 1.7));
  }
  return t;
}

fs::path writeSession(const fs::path& dir, const std::string& name, const std::string& day,
                      const std::vector<double>& left, const std::vector<double>& right) {
  store::SessionRecord s;
  s.info.patient_id = "HF-TREND001";
  s.info.test = "isometric-max";
  s.info.involved = "right";
  s.info.created_utc = day + "T10:00:00.000Z";
  for (double p : left) s.trials.push_back(effort("left", p));
  for (double p : right) s.trials.push_back(effort("right", p));
  const fs::path file = dir / name;
  store::writeSessionRecord(file, s);
  return file;
}

}  // namespace

TEST(SessionResults, TrendMdcAndTheChangeFromThePreviousSession) {
  const fs::path dir = fs::temp_directory_path() / ("holdfast-trend-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Written out of date order: the trend sorts by the sessions' own dates.
  const fs::path later = writeSession(dir, "b.h5", "2026-11-20", {400, 410, 405}, {350, 360, 355});
  const fs::path first = writeSession(dir, "a.h5", "2026-11-01", {380, 390, 385}, {300, 310, 305});
  const store::SessionRecord s = store::readSessionFile(later);
  const session::SessionAnalysis a = session::analyzeSession(s, analysis::AnalysisMethod{});
  const ui::TrendView trend =
      report::buildTrend(later, s, a, analysis::AnalysisMethod{}, std::nullopt);
  ASSERT_EQ(trend.sessions.size(), 2);
  ASSERT_EQ(trend.files.size(), 2);
  EXPECT_EQ(fs::path(trend.files.front().toStdString()).filename(), first.filename());
  EXPECT_EQ(trend.sessions[0], "2026-11-01");
  ASSERT_TRUE(trend.left[1].has_value());
  EXPECT_NEAR(*trend.left[1], 410.0, 0.5);
  EXPECT_NEAR(*trend.right[0], 310.0, 0.5);
  // Every side of every session has SD 5 N over 3 efforts: typical error 5 N,
  // MDC95 = 1.96 x sqrt(2) x 5 = 13.86 N.
  ASSERT_TRUE(trend.mdc_n.has_value());
  EXPECT_NEAR(*trend.mdc_n, 13.86, 0.1);
  EXPECT_TRUE(trend.mdc_source.contains("typical error"));

  const ui::ResultsView v = report::buildResultsView(later, s, a, trend);
  ASSERT_EQ(v.changes.size(), 2u);
  EXPECT_EQ(v.changes[0].side, "left");
  EXPECT_NEAR(v.changes[0].change_n, 20.0, 0.5);  // 390 -> 410: beyond 13.9 N
  EXPECT_TRUE(v.changes[0].beyond_mdc);
  EXPECT_NEAR(v.changes[1].change_n, 50.0, 0.5);
  EXPECT_TRUE(ui::changeText(v.changes[1]).contains("a real change"));
  ASSERT_FALSE(v.limbs.empty());
  EXPECT_EQ(v.limbs.front().metric, "Peak force (N)");
  EXPECT_NEAR(*v.limbs.front().lsi_percent, 100.0 * 360.0 / 410.0, 0.3);

  // With the SEM a test definition gives, the band follows it.
  const ui::TrendView given = report::buildTrend(later, s, a, analysis::AnalysisMethod{}, 20.0);
  EXPECT_NEAR(*given.mdc_n, 1.96 * std::sqrt(2.0) * 20.0, 1e-9);
  // The first session has nothing to compare with.
  const store::SessionRecord s0 = store::readSessionFile(first);
  EXPECT_TRUE(
      report::buildResultsView(first, s0, session::analyzeSession(s0, {}), trend).changes.empty());
  fs::remove_all(dir);
}
