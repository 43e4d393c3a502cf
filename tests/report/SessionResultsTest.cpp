// Results across sessions: the trend of a patient's sessions of one test, the MDC95 band from
// the typical error of the patient's own repeated efforts, and the comparison with the
// previous session, on session files written by the store.

#include <gtest/gtest.h>

#include <QApplication>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "holdfast/report/SessionResults.h"
#include "holdfast/results/SessionReportJson.h"
#include "holdfast/results/SessionReportText.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/ui/ResultsPage.h"
#include "holdfast/ui/SessionWindow.h"
#include "holdfast/ui/StationWindow.h"

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
                      const std::vector<double>& left, const std::vector<double>& right,
                      const std::string& patient = "HF-TREND001") {
  store::SessionRecord s;
  s.info.patient_id = patient;
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

TEST(SessionResults, TheTrendTakesOnlyThePatientsOwnSessionsAndAFileWithoutAnIdHasNone) {
  const fs::path dir =
      fs::temp_directory_path() / ("holdfast-trend-id-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  (void)writeSession(dir, "a.h5", "2026-11-01", {380}, {300});
  (void)writeSession(dir, "other.h5", "2026-11-05", {900}, {900}, "HF-OTHER001");
  (void)writeSession(dir, "anon-1.h5", "2026-11-06", {700}, {700}, "");
  const fs::path mine = writeSession(dir, "b.h5", "2026-11-20", {400}, {350});
  const fs::path anon = writeSession(dir, "anon-2.h5", "2026-11-21", {500}, {500}, "");
  for (const auto& [file, expected] : {std::pair{mine, 2}, std::pair{anon, 1}}) {
    const store::SessionRecord s = store::readSessionFile(file);
    const results::SessionAnalysis a = results::analyzeSession(s, analysis::AnalysisMethod{});
    const results::ReportTrend trend = results::sessionTrend(file, s, a, std::nullopt);
    EXPECT_EQ(trend.files.size(), static_cast<std::size_t>(expected)) << file;
  }
  fs::remove_all(dir);
}

TEST(SessionResults, TrendMdcAndTheChangeFromThePreviousSession) {
  const fs::path dir = fs::temp_directory_path() / ("holdfast-trend-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Written out of date order: the trend sorts by the sessions' own dates.
  const fs::path later = writeSession(dir, "b.h5", "2026-11-20", {400, 410, 405}, {350, 360, 355});
  const fs::path first = writeSession(dir, "a.h5", "2026-11-01", {380, 390, 385}, {300, 310, 305});
  const store::SessionRecord s = store::readSessionFile(later);
  const results::SessionAnalysis a = results::analyzeSession(s, analysis::AnalysisMethod{});
  const results::ReportTrend trend = results::sessionTrend(later, s, a, std::nullopt);
  ASSERT_EQ(trend.sessions.size(), 2);
  ASSERT_EQ(trend.files.size(), 2);
  EXPECT_EQ(fs::path(trend.files.front()).filename(), first.filename());
  EXPECT_EQ(trend.sessions[0], "2026-11-01");
  ASSERT_TRUE(trend.left[1].has_value());
  EXPECT_NEAR(*trend.left[1], 410.0, 0.5);
  EXPECT_NEAR(*trend.right[0], 310.0, 0.5);
  // Every side of every session has SD 5 N over 3 efforts: typical error 5 N,
  // MDC95 = 1.96 x sqrt(2) x 5 = 13.86 N.
  ASSERT_TRUE(trend.mdc.has_value());
  EXPECT_NEAR(*trend.mdc, 13.86, 0.1);
  EXPECT_NE(trend.mdc_source.find("typical error"), std::string::npos);

  const ui::ResultsView v = report::resultsView(results::buildSessionReport(later, s, a, trend), s);
  ASSERT_EQ(v.changes.size(), 2u);
  EXPECT_EQ(v.changes[0].side, "left");
  EXPECT_NEAR(v.changes[0].change_n, 20.0, 0.5);  // 390 -> 410: beyond 13.9 N
  EXPECT_TRUE(v.changes[0].beyond_mdc);
  EXPECT_NEAR(v.changes[1].change_n, 50.0, 0.5);
  EXPECT_TRUE(v.changes[1].text.contains("a real change"));
  ASSERT_FALSE(v.limbs.empty());
  EXPECT_EQ(v.limbs.front().metric, "Peak force (N)");
  EXPECT_NEAR(*v.limbs.front().lsi_percent, 100.0 * 360.0 / 410.0, 0.3);

  // An earlier session's point is what its own stored results say (here marked 999 N), not a
  // re-analysis with this session's method.
  {
    const store::SessionRecord s_first = store::readSessionFile(first);
    results::SessionAnalysis stored = results::analyzeSession(s_first, analysis::AnalysisMethod{});
    stored.values["peak_force_n@left"] = 999.0;
    (void)results::storeAnalysis(first, s_first, stored);
    const results::ReportTrend from_stored = results::sessionTrend(later, s, a, std::nullopt);
    ASSERT_TRUE(from_stored.left[0].has_value());
    EXPECT_DOUBLE_EQ(*from_stored.left[0], 999.0);
    EXPECT_NEAR(*from_stored.left[1], 410.0, 0.5);  // this session: its analysis
    stored.values["peak_force_n@left"] = 390.0;
    (void)results::storeAnalysis(first, s_first, stored);
  }

  // With the SEM a test definition gives, the band follows it.
  const results::ReportTrend given = results::sessionTrend(later, s, a, 20.0);
  EXPECT_NEAR(*given.mdc, 1.96 * std::sqrt(2.0) * 20.0, 1e-9);
  // The first session has nothing to compare with.
  const store::SessionRecord s0 = store::readSessionFile(first);
  EXPECT_TRUE(results::buildSessionReport(first, s0, results::analyzeSession(s0, {}), trend)
                  .changes.empty());
  fs::remove_all(dir);
}

// A hold test's results show each hold's endurance, and its trend follows time to failure (no
// peak-force MDC band for it); a side whose only trial is left out (recovered, not included)
// is listed, never drawn as a best trace.
TEST(SessionResults, HoldsShowTheirEnduranceAndTrendTimeToFailure) {
  const fs::path dir = fs::temp_directory_path() / ("holdfast-holds-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = writeSession(dir, "h.h5", "2026-11-20", {300}, {280});
  store::SessionRecord s = store::readSessionFile(file);
  s.trials[1].info.recovery_note = "recovered from its journal";
  analysis::AnalysisMethod m;
  m.hold.target_n = 200.0;
  const results::SessionAnalysis a = results::analyzeSession(s, m);
  const ui::ResultsView v = report::resultsView(results::sessionReport(file, s, a, 20.0), s);
  ASSERT_EQ(v.holds.size(), 2u);  // listed for both trials, the left-out one too
  EXPECT_EQ(v.holds[0].side, "left");
  EXPECT_NEAR(v.holds[0].target_n, 200.0, 1e-9);
  EXPECT_GT(v.holds[0].time_to_failure_s, 1.5);  // about 2 s above the threshold
  EXPECT_EQ(v.trend.metric, "time_to_failure_s");
  EXPECT_EQ(v.trend.unit, "s");
  EXPECT_FALSE(v.trend.mdc_n.has_value());
  ASSERT_EQ(v.trend.left.size(), 1u);
  EXPECT_NEAR(*v.trend.left[0], v.holds[0].time_to_failure_s, 1e-9);
  EXPECT_FALSE(v.trend.right[0].has_value());  // the right trial is not counted
  EXPECT_TRUE(v.headline.startsWith("Left: held ")) << v.headline.toStdString();
  ASSERT_EQ(v.best_traces.size(), 1u);  // no best right trace
  fs::remove_all(dir);
}

// One model, drawn three ways: the Results page (and the PDF, which draws the same view), the
// text of `holdfast analyze` and `report --json` show the same headline, comparisons and
// warnings, and what the station says after a trial comes from the same model.
TEST(SessionReport, ThePageTheTextAndTheJsonDrawOneModel) {
  const fs::path dir = fs::temp_directory_path() / ("holdfast-model-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Three efforts a side and a last left trial with no effort in it (15 N: the baseline).
  const fs::path file =
      writeSession(dir, "m.h5", "2026-11-20", {400, 410, 405, 15}, {350, 360, 355});
  const store::SessionRecord s = store::readSessionFile(file);
  const results::SessionAnalysis a = results::analyzeSession(s, analysis::AnalysisMethod{});
  const results::SessionReport r = results::sessionReport(file, s, a, std::nullopt);

  ASSERT_EQ(r.efforts.size(), 7u);
  const auto empty = std::find_if(r.efforts.begin(), r.efforts.end(),
                                  [](const results::EffortRow& e) { return e.effort == 0; });
  ASSERT_NE(empty, r.efforts.end());
  EXPECT_EQ(empty->problem, "no effort found");
  ASSERT_FALSE(r.limbs.empty());
  EXPECT_EQ(r.limbs.front().metric, "peak_force_n");
  EXPECT_NEAR(r.limbs.front().left, 410.0, 1.0);
  const auto problem = std::find_if(r.notices.begin(), r.notices.end(), [&](const auto& n) {
    return n.trial == empty->trial && n.kind == results::TrialNotice::Kind::Problem;
  });
  ASSERT_NE(problem, r.notices.end());  // the station says it in red after that trial
  EXPECT_NE(problem->text.find("no effort was found"), std::string::npos) << problem->text;

  // The page: one row per trial, the model's headline, comparison, warnings and method.
  const ui::ResultsView v = report::resultsView(r, s);
  EXPECT_EQ(v.trials.size(), 7u);
  EXPECT_EQ(v.headline.toStdString(), r.headline);
  EXPECT_EQ(v.limbs.front().metric.toStdString(), r.limbs.front().label);
  ASSERT_EQ(v.warnings.size(), static_cast<qsizetype>(r.warnings.size()));
  EXPECT_EQ(v.warnings.front().toStdString(), r.warnings.front());
  EXPECT_TRUE(v.method.startsWith(QString::fromStdString(r.method)));
  ASSERT_EQ(v.best_traces.size(), 2u);  // each side's best effort, its samples read
  EXPECT_FALSE(v.best_traces.front().channels.empty());
  EXPECT_EQ(v.best_traces.front().channels.front().size(), 5000u);

  // The text: the same headline, comparison, warning and method.
  const std::string text = results::sessionReportText(r);
  EXPECT_NE(text.find(r.headline), std::string::npos) << text;
  EXPECT_NE(text.find("Left/right, " + r.limbs.front().label), std::string::npos) << text;
  EXPECT_NE(text.find("WARNING: " + r.warnings.front()), std::string::npos) << text;
  EXPECT_NE(text.find("Method: " + r.method), std::string::npos) << text;

  // The JSON: the same model, key for key.
  const auto j = results::sessionReportJson(r);
  EXPECT_EQ(j["headline"], r.headline);
  EXPECT_EQ(j["efforts"].size(), 7u);
  EXPECT_EQ(j["left_right"][0]["label"], r.limbs.front().label);
  EXPECT_EQ(j["warnings"][0], r.warnings.front());
  EXPECT_EQ(j["charts"].size(), 2u);
  fs::remove_all(dir);
}

// The results page, with a long session (many trials, critical force, long criteria), fits a
// 1366 x 768 screen: it scrolls rather than growing, in the station and in the viewer.
TEST(ResultsPage, ALongSessionFitsA1366x768Screen) {
  ui::ResultsView v;
  v.patient = "HF-ABCDEFGH";
  v.test = "critical-force";
  v.headline = "Left: critical force 265.3 N, W' 773 N s     Right: critical force 213.1 N";
  for (int i = 1; i <= 20; ++i)
    v.trials.push_back({i, i % 2 ? "left" : "right", 400.0, 2000.0, 0.7, std::nullopt, std::nullopt, std::nullopt,
                        "24 efforts, best shown, interrupted and recovered: not counted"});
  for (const char* side : {"left", "right"})
    v.critical_force.push_back({1, side, 250.0, 700.0, 24, 24, 6, std::vector<double>(24, 300.0),
                                std::vector<double>(24, 250.0), ""});
  for (int i = 0; i < 6; ++i)
    v.criteria.push_back({"LSI of the rate of force development over 0-100 ms >= 90 %",
                          "right (involved) 83.4 %, needs >= 90 %: fail", false, true});
  v.criteria_verdict = "0 of 6 criteria met: not cleared";
  v.limbs.push_back({"Critical force (N)", 265.3, 213.1, -19.7, 80.3, "right", "warning"});
  v.trend.sessions << "2026-11-01";
  v.trend.left.push_back(250.0);
  v.trend.right.push_back(210.0);
  ui::StationWindow station;
  station.results()->showResults(v);
  station.show();
  ui::SessionWindow viewer;
  viewer.showSession(ui::SessionView{}, v);
  viewer.show();
  QApplication::processEvents();
  for (const QWidget* w : {static_cast<QWidget*>(&station), static_cast<QWidget*>(&viewer)}) {
    const QSize need = w->minimumSizeHint().expandedTo(w->minimumSize());
    EXPECT_LE(need.width(), 1366) << w->metaObject()->className();
    EXPECT_LE(need.height(), 740) << w->metaObject()->className();  // a taskbar's room
    EXPECT_LE(w->width(), 1366);
    EXPECT_LE(w->height(), 768);
  }
  EXPECT_NE(viewer.findChild<QWidget*>("repChart"), nullptr);
}
