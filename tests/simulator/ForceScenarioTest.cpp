#include <gtest/gtest.h>

#include <cmath>

#include "holdfast/simulator/ForceScenario.h"

using namespace holdfast::simulator;

TEST(ForceScenario, SameSeedSameSignalOtherSeedOtherNoise) {
  ForceScenario a(ScenarioConfig{}), b(ScenarioConfig{}), c(ScenarioConfig{.seed = 2});
  std::vector<double> va, vb, vc;
  bool differs = false;
  for (int k = 0; k < 1000; ++k) {
    a.sample(k * 0.001, va);
    b.sample(k * 0.001, vb);
    c.sample(k * 0.001, vc);
    ASSERT_EQ(va, vb);
    differs |= va != vc;
  }
  EXPECT_TRUE(differs);
}

TEST(ForceScenario, IsometricMvcShape) {
  ScenarioConfig cfg;
  cfg.peak_n = 400.0;
  ForceScenario s(cfg);
  EXPECT_NEAR(s.modelForce(1.0, 0), cfg.preload_n, 1e-9);  // at rest
  const double plateau = s.modelForce(cfg.rest_s + 1.0, 0);
  EXPECT_GT(plateau, 0.9 * 400.0 * 0.97);
  EXPECT_LT(plateau, 1.1 * 400.0);
  EXPECT_NEAR(s.modelForce(cfg.rest_s + cfg.effort_s + 1.5, 0), cfg.preload_n, 0.01);  // released
  // The rise is fast: more than half of the plateau within 0.15 s of onset.
  EXPECT_GT(s.modelForce(cfg.rest_s + 0.15, 0) - cfg.preload_n, 0.5 * (plateau - cfg.preload_n));
}

TEST(ForceScenario, DeficitScalesTheSecondChannel) {
  ScenarioConfig cfg;
  cfg.channels = 2;
  cfg.deficit_percent = 20.0;
  ForceScenario s(cfg);
  const double t = cfg.rest_s + 1.0;
  EXPECT_NEAR(s.modelForce(t, 1), 0.8 * s.modelForce(t, 0), 1e-9);
}

TEST(ForceScenario, RejectsNonsense) {
  EXPECT_THROW(ForceScenario(ScenarioConfig{.name = "nope"}), std::invalid_argument);
  EXPECT_THROW(ForceScenario(ScenarioConfig{.channels = 17}), std::invalid_argument);
  EXPECT_THROW(ForceScenario(ScenarioConfig{.peak_n = 5.0}), std::invalid_argument);
}

TEST(ForceScenario, CriticalForcePatientRestsUntilTheCueThenFollowsTheReps) {
  ScenarioConfig cfg;
  cfg.name = "critical-force";
  cfg.on_cue = true;
  cfg.reps = 4;
  cfg.rep_on_s = 2.0;
  cfg.rep_off_s = 1.0;
  cfg.peak_n = 400.0;
  ForceScenario s(cfg);
  // Before any cue (the countdown): resting, however long.
  for (double t : {0.5, 3.0, 9.0}) EXPECT_DOUBLE_EQ(s.modelForce(t, 0), cfg.preload_n) << t;
  s.cue(10.0, 1.0);
  EXPECT_DOUBLE_EQ(s.modelForce(10.1, 0), cfg.preload_n);  // reaction time
  // Rep k pulls from 10.15 + 3k for 2 s, rests 1 s; the force falls from rep to rep.
  std::vector<double> plateau;
  for (int k = 0; k < 4; ++k) {
    const double on = 10.15 + 3.0 * k;
    plateau.push_back(s.modelForce(on + 1.0, 0));
    EXPECT_GT(plateau.back(), 100.0) << k;
    EXPECT_LT(s.modelForce(on + 2.9, 0), cfg.preload_n + 5.0) << k;  // released
  }
  for (std::size_t k = 1; k < plateau.size(); ++k) EXPECT_LT(plateau[k], plateau[k - 1] * 1.05);
  EXPECT_LT(plateau.back(), plateau.front());
  EXPECT_DOUBLE_EQ(s.modelForce(10.15 + 12.5, 0), cfg.preload_n);  // all reps done
  EXPECT_THROW(ForceScenario(ScenarioConfig{.reps = 0}), std::invalid_argument);
}

// A patient told to stop lets go: the next trial starts from rest, not from the last hold
// (a 120 s simulated hold cut by a 12 s trial used to carry into the next trial's countdown).
TEST(ForceScenario, AReleasedPatientRestsUntilTheNextCue) {
  ScenarioConfig cfg;
  cfg.name = "isometric-hold";
  cfg.on_cue = true;
  cfg.hold_s = 120.0;
  cfg.peak_n = 160.0;
  ForceScenario s(cfg);
  s.cue(1.0, 1.0);
  EXPECT_GT(s.modelForce(6.0, 0), 120.0);
  s.release(10.0);
  EXPECT_LT(s.modelForce(10.6, 0), cfg.preload_n + 1.0);
  EXPECT_NEAR(s.modelForce(20.0, 0), cfg.preload_n, 1e-6);
  s.cue(25.0, 1.0);  // the next trial
  EXPECT_GT(s.modelForce(30.0, 0), 120.0);
}

// The simulated stance: body weight on the plates, a sway of the asked size at 0.1-1 Hz, the
// medio-lateral sway carried as load moving between the feet, and one leg carrying everything.
TEST(ForceScenario, QuietStanceSwaysAsAskedAndSingleLegStandsOnOneLeg) {
  ScenarioConfig c;
  c.name = "quiet-stance";
  c.channels = 2;
  c.peak_n = 700.0;
  c.sway_mm = 4.0;
  c.noise_sd_n = 0.0;
  c.hum_amplitude_n = 0.0;
  ForceScenario s(c);
  std::vector<double> f;
  double sum_ap = 0.0, sum_ap2 = 0.0, min_left = 1e9, max_left = 0.0;
  const int n = 120000;  // 120 s at 1 kHz
  for (int i = 0; i < n; ++i) {
    s.sample(i / 1000.0, f);
    EXPECT_NEAR(f[0] + f[1], 700.0, 1e-9);
    const double ap = s.plateCop()[0][1];
    sum_ap += ap;
    sum_ap2 += ap * ap;
    min_left = std::min(min_left, f[0]);
    max_left = std::max(max_left, f[0]);
  }
  const double mean = sum_ap / n;
  const double sd = std::sqrt(sum_ap2 / n - mean * mean);
  EXPECT_GT(sd, 2.0);  // 4 mm asked; a random walk over 120 s scatters around it
  EXPECT_LT(sd, 6.0);
  EXPECT_GT(max_left - min_left, 1.0);  // weight shifts between the feet
  s.setStance(120.0, "right", 1.0);
  s.sample(120.001, f);
  EXPECT_NEAR(f[0], 0.0, 1e-9);
  EXPECT_NEAR(f[1], 700.0, 1e-9);
  c.name = "bogus-stance";
  EXPECT_THROW(ForceScenario{c}, std::invalid_argument);
}
