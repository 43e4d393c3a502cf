// Jumps the simulator plays (a physically consistent force, sensor noise and mains hum), analysed
// as a session: the analysis must give back the simulated height, contact time and the
// deficit of the weaker plate, and the session its summaries, asymmetries and criteria.

#include <gtest/gtest.h>

#include <tuple>

#include <cmath>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/simulator/ForceScenario.h"

using namespace holdfast;

namespace {

constexpr double kG = 9.80665;

/// One trial of `seconds` of the scenario at 1 kHz, cued at 1.5 s.
store::TrialRecord simulatedTrial(int number, const simulator::ScenarioConfig& config,
                                  const std::string& side, double seconds) {
  simulator::ForceScenario scenario(config);
  scenario.cue(1.5, 1.0);
  store::TrialRecord t;
  t.info.number = number;
  t.info.side = side;
  t.info.nominal_rate_hz = 1000.0;
  t.channels.resize(static_cast<std::size_t>(config.channels));
  std::vector<double> v;
  for (int i = 0; i < static_cast<int>(seconds * 1000.0); ++i) {
    const double time = i / 1000.0;
    scenario.sample(time, v);
    t.time_s.push_back(time);
    t.host_time_s.push_back(time);
    for (std::size_t c = 0; c < v.size(); ++c) t.channels[c].push_back(v[c]);
  }
  return t;
}

simulator::ScenarioConfig jumpConfig(const std::string& name, int channels) {
  simulator::ScenarioConfig c;
  c.name = name;
  c.on_cue = true;
  c.channels = channels;
  c.mass_kg = 80.0;
  c.jump_height_m = 0.32;
  return c;
}

analysis::AnalysisMethod jumpMethod(analysis::JumpType type) {
  analysis::AnalysisMethod m;
  m.family = analysis::TestFamily::Jump;
  m.jump.type = type;
  return m;
}

}  // namespace

TEST(JumpSession, ASimulatedCmjOnTwoPlatesGivesItsHeightAndTheWeakerPlatesDeficitPerPhase) {
  simulator::ScenarioConfig c = jumpConfig("cmj", 2);
  c.deficit_percent = 15.0;
  c.weaker_side = "right";
  store::SessionRecord s;
  s.info.test = "cmj";
  s.info.involved = "right";
  for (int k = 1; k <= 3; ++k) {
    c.seed = static_cast<std::uint64_t>(k);
    s.trials.push_back(simulatedTrial(k, c, "both", 5.0));
  }
  const analysis::Criterion lsi{"LSI of propulsive impulse >= 90 %",
                                "lsi_percent:propulsive_impulse_n_s", "",
                                analysis::Comparison::AtLeast, 90.0};
  const results::SessionAnalysis a =
      results::analyzeSession(s, jumpMethod(analysis::JumpType::Countermovement), {lsi});
  ASSERT_EQ(a.jumps.size(), 3u);
  for (const results::JumpTrial& jt : a.jumps) {
    ASSERT_TRUE(jt.error.empty()) << jt.error;
    ASSERT_EQ(jt.result->jumps.size(), 1u);
    const analysis::Jump& j = jt.result->jumps[0];
    EXPECT_NEAR(j.weighing->body_mass_kg, 80.0, 0.05);
    // The take-off velocity the simulated force gives: sqrt(2 g 0.32) = 2.505 m/s.
    EXPECT_NEAR(*j.takeoff_velocity_m_per_s, std::sqrt(2 * kG * 0.32), 0.03);
    EXPECT_NEAR(*j.jump_height_impulse_m, 0.32, 0.008);
    EXPECT_NEAR(*j.flight_time_s, 2 * std::sqrt(2 * kG * 0.32) / kG, 0.003);
    EXPECT_NEAR(*j.countermovement_depth_m, -0.28, 0.01);
    ASSERT_TRUE(j.left && j.right);
    // The right plate gets 85 % of its half of the net force: LSI 85 / 115.
    for (const analysis::PhaseAsymmetry& p : j.asymmetry) {
      if (p.metric.find("impulse") == std::string::npos) continue;
      EXPECT_NEAR(*p.values.lsi_percent, 100.0 * 0.85 / 1.15, 1.5) << p.metric;
    }
    EXPECT_TRUE(j.quality_flags.empty()) << j.quality_flags.front();
  }
  ASSERT_EQ(a.summaries.size(), 1u);
  EXPECT_EQ(a.summaries[0].side, "total");
  EXPECT_EQ(a.summaries[0].metric, "jump_height_impulse_m");
  EXPECT_EQ(a.summaries[0].measure.n, 3u);
  EXPECT_NEAR(a.values.at("jump_height_impulse_m@total"), 0.32, 0.008);
  EXPECT_NEAR(a.values.at("lsi_percent:braking_impulse_n_s"), 100.0 * 0.85 / 1.15, 1.5);
  ASSERT_EQ(a.criteria.size(), 1u);
  EXPECT_TRUE(a.criteria[0].applicable);
  EXPECT_FALSE(a.criteria[0].pass) << "LSI 74 % against 90 %";
  EXPECT_NE(results::sessionHeadline(a).find("Jump height 3"), std::string::npos)
      << results::sessionHeadline(a);
}

TEST(JumpSession, SingleLegJumpsCompareTheLegsOnTheirBestHeight) {
  store::SessionRecord s;
  s.info.test = "cmj-single-leg";
  s.info.involved = "left";
  int n = 0;
  for (const char* side : {"left", "right"}) {
    simulator::ScenarioConfig c = jumpConfig("cmj", 1);
    c.jump_height_m = std::string(side) == "left" ? 0.12 : 0.15;
    for (int k = 0; k < 2; ++k) {
      c.seed = static_cast<std::uint64_t>(++n);
      s.trials.push_back(simulatedTrial(n, c, side, 5.0));
    }
  }
  const analysis::Criterion lsi{"LSI of jump height >= 90 %", "lsi_percent:jump_height_impulse_m",
                                "", analysis::Comparison::AtLeast, 90.0};
  const results::SessionAnalysis a =
      results::analyzeSession(s, jumpMethod(analysis::JumpType::Countermovement), {lsi});
  EXPECT_NEAR(a.values.at("jump_height_impulse_m@left"), 0.12, 0.006);
  EXPECT_NEAR(a.values.at("jump_height_impulse_m@right"), 0.15, 0.006);
  EXPECT_NEAR(a.values.at("lsi_percent:jump_height_impulse_m"), 80.0, 4.0);
  ASSERT_EQ(a.criteria.size(), 1u);
  EXPECT_FALSE(a.criteria[0].pass);
}

TEST(JumpSession, ADropJumpGivesContactTimeRsiAndWithTheBoxHeightItsImpulses) {
  simulator::ScenarioConfig c = jumpConfig("drop-jump", 2);
  c.box_height_m = 0.40;
  c.contact_time_s = 0.22;
  store::SessionRecord s;
  s.trials.push_back(simulatedTrial(1, c, "both", 5.0));
  analysis::AnalysisMethod m = jumpMethod(analysis::JumpType::Drop);
  m.jump.box_height_m = 0.40;
  const results::SessionAnalysis a = results::analyzeSession(s, m);
  ASSERT_EQ(a.jumps.size(), 1u);
  ASSERT_TRUE(a.jumps[0].error.empty()) << a.jumps[0].error;
  ASSERT_EQ(a.jumps[0].result->jumps.size(), 1u);
  const analysis::Jump& j = a.jumps[0].result->jumps[0];
  EXPECT_EQ(j.type, "drop-jump");
  EXPECT_NEAR(*j.contact_time_s, 0.22, 0.003);
  const double ft = 2 * std::sqrt(2 * kG * 0.32) / kG;
  EXPECT_NEAR(*j.flight_time_s, ft, 0.003);
  EXPECT_NEAR(*j.rsi, kG * ft * ft / 8 / 0.22, 0.05);
  // Weighed standing after the landing; the contact integrated from -sqrt(2 g 0.4).
  EXPECT_NEAR(j.weighing->body_mass_kg, 80.0, 0.05);
  EXPECT_NEAR(*j.takeoff_velocity_m_per_s, std::sqrt(2 * kG * 0.32), 0.03);
  EXPECT_TRUE(j.braking_impulse_n_s && j.propulsive_impulse_n_s);
  EXPECT_NE(std::find(j.quality_flags.begin(), j.quality_flags.end(), "weighing_after_landing"),
            j.quality_flags.end());
  EXPECT_NEAR(a.values.at("rsi@total"), *j.rsi, 1e-12);
}

TEST(JumpSession, TenHopsGiveTenContactsAndTheMeanOfTheBestFiveByRsi) {
  simulator::ScenarioConfig c = jumpConfig("hops", 1);
  c.jump_height_m = 0.20;
  c.contact_time_s = 0.18;
  store::SessionRecord s;
  s.trials.push_back(simulatedTrial(1, c, "both", 9.0));
  const results::SessionAnalysis a =
      results::analyzeSession(s, jumpMethod(analysis::JumpType::Hops));
  ASSERT_EQ(a.jumps.size(), 1u);
  ASSERT_TRUE(a.jumps[0].error.empty()) << a.jumps[0].error;
  const analysis::JumpAnalysis& r = *a.jumps[0].result;
  ASSERT_EQ(r.jumps.size(), 11u) << "the first jump and ten rebounds";
  ASSERT_TRUE(r.hops);
  EXPECT_EQ(r.hops->count, 10);
  ASSERT_EQ(r.hops->best5.size(), 5u);
  // Each rebound's contact and flight are the simulated ones (+-5 % around 0.18 s, 0.20 m).
  for (std::size_t k = 1; k < r.jumps.size(); ++k) {
    EXPECT_NEAR(*r.jumps[k].contact_time_s, 0.18, 0.18 * 0.06 + 0.002);
    EXPECT_NEAR(*r.jumps[k].jump_height_flight_time_m, 0.20, 0.20 * 0.06 + 0.005);
  }
  double best = 0.0;
  for (std::size_t i : r.hops->best5) best += *r.jumps[i].rsi / 5.0;
  EXPECT_NEAR(r.hops->best5_rsi_mean, best, 1e-12);
  EXPECT_NEAR(a.values.at("best5_rsi_mean@total"), best, 1e-12);
}

TEST(JumpHeadline, ADropJumpsRsiAndContactTimeComeFromTheSameTrial) {
  holdfast::results::SessionAnalysis a;
  a.method.family = holdfast::analysis::TestFamily::Jump;
  a.method.jump.type = holdfast::analysis::JumpType::Drop;
  // Trial 1: RSI 2.0 with 0.25 s of contact; trial 2: RSI 1.5 with the shorter 0.15 s.
  for (const auto& [trial, rsi, contact] : {std::tuple{1, 2.0, 0.25}, std::tuple{2, 1.5, 0.15}}) {
    holdfast::results::JumpTrial t;
    t.trial = trial;
    t.side = "total";
    holdfast::analysis::JumpAnalysis r;
    r.type = holdfast::analysis::JumpType::Drop;
    holdfast::analysis::Jump j;
    j.rsi = rsi;
    j.contact_time_s = contact;
    r.jumps.push_back(j);
    t.result = r;
    a.jumps.push_back(t);
  }
  a.values["rsi@total"] = 2.0;
  a.values["contact_time_s@total"] = 0.15;  // the side's best contact: trial 2's
  const std::string line = holdfast::results::sessionHeadline(a);
  EXPECT_NE(line.find("RSI 2.00 m/s (contact 0.250 s)"), std::string::npos) << line;
}

TEST(JumpHeadline, AJumpTheRecordingCutIsListedButNeverTheOneThatCounts) {
  holdfast::results::JumpTrial t;
  t.side = "total";
  holdfast::analysis::JumpAnalysis r;
  holdfast::analysis::Jump counted, cut;
  counted.jump_height_impulse_m = 0.25;
  cut.jump_height_impulse_m = 0.40;
  cut.quality_flags.push_back(holdfast::analysis::kCutByEndOfRecording);
  r.jumps = {counted, cut};
  t.result = r;
  const holdfast::analysis::Jump* best = holdfast::results::bestJump(t);
  ASSERT_NE(best, nullptr);
  EXPECT_DOUBLE_EQ(*best->jump_height_impulse_m, 0.25);
  t.result->jumps = {cut};
  EXPECT_EQ(holdfast::results::bestJump(t), nullptr) << "nothing counts rather than a cut jump";
}
