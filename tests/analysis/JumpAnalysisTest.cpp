// Jumps on force traces built from a chosen acceleration profile: the centre of mass's
// acceleration a(t) is designed in closed form, the plates read F = m (a + g), and every
// event, phase, impulse, velocity and height the analysis gives is checked against the
// design's own values at the samples the analysis picked.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "holdfast/analysis/JumpAnalysis.h"
#include "holdfast/analysis/JumpMonitor.h"

using namespace holdfast::analysis;

namespace {

constexpr double kG = kStandardGravity;
constexpr double kPi = std::numbers::pi;

/// A countermovement jump: standing, a full-sine dip of T1 (velocity down and back to 0),
/// propulsion of T2 ending at F = 0 with take-off velocity V, a ballistic flight of 2V/g, a
/// half-sine landing of T3 back to rest, standing.
struct DesignedCmj {
  double mass = 75.0;
  double rate = 1000.0;
  double stand_s = 2.0;
  double T1 = 0.6, c1 = 5.0;  ///< dip: a = -c1 sin(2 pi t / T1)
  double T2 = 0.3, V = 2.5;   ///< propulsion: a = P sin(pi t / T2) - g (t / T2)^2
  double T3 = 0.25;           ///< landing: a = A3 sin(pi t / T3)
  double after_s = 1.5;
  double deficit = 0.0;  ///< share of the net force the left plate loses (two plates)

  [[nodiscard]] double P() const { return (V + kG * T2 / 3.0) * kPi / (2.0 * T2); }
  [[nodiscard]] double A3() const { return V * kPi / (2.0 * T3); }
  [[nodiscard]] double flight() const { return 2.0 * V / kG; }
  [[nodiscard]] double takeoffTime() const { return stand_s + T1 + T2; }
  [[nodiscard]] double landingTime() const { return takeoffTime() + flight(); }

  /// Acceleration and velocity of the design at time t (ground phases only).
  [[nodiscard]] double accel(double t) const {
    if (t < stand_s) return 0.0;
    double u = t - stand_s;
    if (u < T1) return -c1 * std::sin(2 * kPi * u / T1);
    u -= T1;
    if (u <= T2) return P() * std::sin(kPi * u / T2) - kG * (u / T2) * (u / T2);
    const double l = t - landingTime();
    if (l < 0.0) return -kG;  // flight
    if (l < T3) return A3() * std::sin(kPi * l / T3);
    return 0.0;
  }
  [[nodiscard]] double velocity(double t) const {
    double u = t - stand_s;
    if (u <= 0.0) return 0.0;
    if (u < T1) return -c1 * T1 / (2 * kPi) * (1 - std::cos(2 * kPi * u / T1));
    u -= T1;
    if (u <= T2)
      return P() * T2 / kPi * (1 - std::cos(kPi * u / T2)) - kG * u * u * u / (3 * T2 * T2);
    return 0.0;
  }
  [[nodiscard]] double position(double t) const {  // the dip only
    const double u = std::min(t - stand_s, T1);
    if (u <= 0.0) return 0.0;
    return -c1 * T1 / (2 * kPi) * (u - T1 / (2 * kPi) * std::sin(2 * kPi * u / T1));
  }

  void build(std::vector<double>& t, std::vector<double>& f, std::vector<double>& left,
             std::vector<double>& right) const {
    const double end = landingTime() + T3 + after_s;
    const auto n = static_cast<std::size_t>(end * rate);
    for (std::size_t i = 0; i < n; ++i) {
      const double ti = static_cast<double>(i) / rate;
      t.push_back(ti);
      const bool flying = ti > takeoffTime() && ti < landingTime();
      const double force = flying ? 0.0 : std::max(0.0, mass * (accel(ti) + kG));
      f.push_back(force);
      // The left plate carries half the weight and loses `deficit` of its half of the net force.
      const double net = force - mass * kG;
      const double l = flying ? 0.0 : 0.5 * mass * kG + 0.5 * net * (1.0 - deficit);
      left.push_back(l);
      right.push_back(force - l);
    }
  }
};

AnalysisMethod fixedOnset() {
  AnalysisMethod m;
  m.family = TestFamily::Jump;
  m.onset.kind = OnsetMethod::Kind::FixedAboveBaseline;  // a noiseless trace has SD 0
  m.onset.fixed_n = 20.0;
  return m;
}

}  // namespace

TEST(JumpAnalysis, ACountermovementJumpFromAKnownAccelerationGivesItsEventsPhasesAndHeights) {
  const DesignedCmj d;
  std::vector<double> t, f, l, r;
  d.build(t, f, l, r);
  const JumpAnalysis a = analyzeJumps(ForceSeries{t, f}, {}, {}, fixedOnset(), std::nullopt);
  ASSERT_EQ(a.jumps.size(), 1u);
  const Jump& j = a.jumps[0];
  EXPECT_EQ(j.type, "cmj");
  ASSERT_TRUE(j.weighing);
  EXPECT_NEAR(j.weighing->body_weight_n, d.mass * kG, 1e-9);
  EXPECT_NEAR(j.weighing->body_mass_kg, d.mass, 1e-9);
  // Take-off: the first sample below 20 N, within a sample or two of the design's F = 0.
  EXPECT_NEAR(j.takeoff_s, d.takeoffTime(), 2.5e-3);
  EXPECT_LE(j.takeoff_s, d.takeoffTime() + 1e-9);
  EXPECT_NEAR(*j.landing_s, std::ceil(d.landingTime() * d.rate) / d.rate, 1e-9);
  // Onset: the dip's force leaves BW +- 20 N, moved back 30 ms.
  const double cross = d.stand_s + std::asin(20.0 / (d.mass * d.c1)) * d.T1 / (2 * kPi);
  EXPECT_NEAR(*j.onset_s, std::ceil(cross * d.rate) / d.rate - 0.030, 1.1e-3);
  // The integration reproduces the design's velocity at the take-off sample.
  EXPECT_NEAR(*j.takeoff_velocity_m_per_s, d.velocity(j.takeoff_s), 1e-4);
  EXPECT_NEAR(*j.takeoff_velocity_m_per_s, d.V, 0.02);
  EXPECT_NEAR(*j.jump_height_impulse_m,
              *j.takeoff_velocity_m_per_s * *j.takeoff_velocity_m_per_s / (2 * kG), 1e-12);
  EXPECT_NEAR(*j.flight_time_s, d.flight(), 2.5e-3);
  EXPECT_NEAR(*j.jump_height_flight_time_m, kG * *j.flight_time_s * *j.flight_time_s / 8, 1e-12);
  // Phases: lowest velocity at T1/2, lowest position at T1, propulsion T2.
  EXPECT_NEAR(*j.onset_s + *j.unweighting_s, d.stand_s + d.T1 / 2, 1.1e-3);
  EXPECT_NEAR(*j.braking_s, d.T1 / 2, 1.1e-3);
  EXPECT_NEAR(*j.propulsion_s, d.T2, 2.5e-3);
  EXPECT_NEAR(*j.time_to_takeoff_s, j.takeoff_s - *j.onset_s, 1e-12);
  EXPECT_NEAR(*j.rsi_modified, *j.jump_height_impulse_m / *j.time_to_takeoff_s, 1e-12);
  EXPECT_NEAR(*j.countermovement_depth_m, d.position(d.stand_s + d.T1), 1e-4);
  // Net impulses are m dv: braking from the lowest velocity to 0, propulsion from 0 to take-off.
  const double v_min = -d.c1 * d.T1 / kPi;
  EXPECT_NEAR(*j.braking_impulse_n_s, -d.mass * v_min, 0.01);
  EXPECT_NEAR(*j.propulsive_impulse_n_s, d.mass * *j.takeoff_velocity_m_per_s, 0.01);
  // Braking: a rises from 0 to c1 and back: peak force at 3/4 of the dip, m (g + c1).
  EXPECT_NEAR(*j.peak_braking_force_n, d.mass * (kG + d.c1), 0.01);
  EXPECT_NEAR(*j.mean_braking_force_n, d.mass * kG + *j.braking_impulse_n_s / *j.braking_s, 0.5);
  // Eccentric deceleration RFD: the force change over the braking phase / its duration.
  const auto at = [&](double time) {
    return f[static_cast<std::size_t>(std::lround(time * d.rate))];
  };
  const double b0 = *j.onset_s + *j.unweighting_s, b1 = b0 + *j.braking_s;
  EXPECT_NEAR(*j.eccentric_deceleration_rfd_n_per_s, (at(b1) - at(b0)) / *j.braking_s, 1e-6);
  // Peak power: max of F v over the ground phase, from the design.
  double power = 0.0;
  for (double u = d.stand_s; u < d.takeoffTime(); u += 1e-5)
    power = std::max(power, d.mass * (d.accel(u) + kG) * d.velocity(u));
  EXPECT_NEAR(*j.peak_power_w, power, power * 2e-3);
  EXPECT_NEAR(*j.peak_power_w_per_kg, *j.peak_power_w / d.mass, 1e-9);
  // Landing: back to rest after T3; peak m (g + A3) at T3 / 2; net impulse m V.
  EXPECT_NEAR(*j.landing_phase_s, d.T3, 4e-3);
  EXPECT_NEAR(*j.peak_landing_force_n, d.mass * (kG + d.A3()), 0.05);
  EXPECT_NEAR(*j.landing_impulse_n_s, d.mass * d.V, 1.5);
  // One plate: no per-plate metrics; no drop-jump metrics.
  EXPECT_FALSE(j.left);
  EXPECT_FALSE(j.contact_time_s);
  EXPECT_FALSE(j.rsi);
  EXPECT_TRUE(j.quality_flags.empty()) << j.quality_flags.front();
}

TEST(JumpAnalysis, TwoPlatesGiveEachPlatesPhaseImpulsesNetOfItsShareAndTheirAsymmetry) {
  DesignedCmj d;
  d.deficit = 0.2;  // the left plate gets 80 % of its half of the net force
  std::vector<double> t, f, l, r;
  d.build(t, f, l, r);
  const JumpAnalysis a = analyzeJumps(ForceSeries{t, f}, l, r, fixedOnset(), Limb::Left);
  ASSERT_EQ(a.jumps.size(), 1u);
  const Jump& j = a.jumps[0];
  ASSERT_TRUE(j.left && j.right);
  EXPECT_NEAR(j.left->body_weight_share_n, d.mass * kG / 2, 1e-9);
  EXPECT_NEAR(*j.left->braking_impulse_n_s, 0.4 * *j.braking_impulse_n_s, 1e-6);
  EXPECT_NEAR(*j.right->braking_impulse_n_s, 0.6 * *j.braking_impulse_n_s, 1e-6);
  EXPECT_NEAR(*j.left->propulsive_impulse_n_s + *j.right->propulsive_impulse_n_s,
              *j.propulsive_impulse_n_s, 1e-6);
  EXPECT_NEAR(*j.left->landing_impulse_n_s, 0.4 * *j.landing_impulse_n_s, 1e-6);
  ASSERT_EQ(j.asymmetry.size(), 6u);
  for (const PhaseAsymmetry& p : j.asymmetry) {
    if (p.metric.find("impulse") == std::string::npos) continue;
    // (R - L) / max(L, R) = (0.6 - 0.4) / 0.6; LSI of the involved left = 0.4 / 0.6.
    EXPECT_NEAR(p.values.asymmetry_index_percent, 100.0 / 3.0, 1e-4) << p.metric;
    EXPECT_NEAR(*p.values.lsi_percent, 200.0 / 3.0, 1e-4) << p.metric;
    EXPECT_EQ(p.values.flag, "warning");
  }
}

TEST(JumpAnalysis, APlateThatReadsAnOffsetInFlightStillGivesTheSameEvents) {
  const DesignedCmj d;
  std::vector<double> t, f, l, r;
  d.build(t, f, l, r);
  const JumpAnalysis clean = analyzeJumps(ForceSeries{t, f}, {}, {}, fixedOnset(), std::nullopt);
  for (double& v : f) v += 35.0;  // above the 20 N threshold: the plate never reads "empty"
  const JumpAnalysis offset = analyzeJumps(ForceSeries{t, f}, {}, {}, fixedOnset(), std::nullopt);
  ASSERT_EQ(offset.jumps.size(), 1u);
  EXPECT_TRUE(offset.unloading.measured);
  EXPECT_NEAR(offset.unloading.offset_n, 35.0, 1e-9);
  EXPECT_DOUBLE_EQ(offset.jumps[0].takeoff_s, clean.jumps[0].takeoff_s);
  EXPECT_DOUBLE_EQ(*offset.jumps[0].landing_s, *clean.jumps[0].landing_s);
  EXPECT_NE(
      std::find(offset.quality_flags.begin(), offset.quality_flags.end(), "plate_offset_in_flight"),
      offset.quality_flags.end());
}

TEST(JumpAnalysis, AShortStandingIsWeighedOnWhatThereIsAndFlagged) {
  DesignedCmj d;
  d.stand_s = 0.3;
  std::vector<double> t, f, l, r;
  d.build(t, f, l, r);
  const JumpAnalysis a = analyzeJumps(ForceSeries{t, f}, {}, {}, fixedOnset(), std::nullopt);
  ASSERT_EQ(a.jumps.size(), 1u);
  const Jump& j = a.jumps[0];
  ASSERT_TRUE(j.weighing);
  EXPECT_NEAR(j.weighing->body_weight_n, d.mass * kG, 1e-9);
  EXPECT_TRUE(j.weighing->short_window);
  EXPECT_NE(std::find(j.quality_flags.begin(), j.quality_flags.end(), "short_weighing"),
            j.quality_flags.end());
  EXPECT_NEAR(*j.takeoff_velocity_m_per_s, d.velocity(j.takeoff_s + d.stand_s - d.stand_s), 1e-4);
}

TEST(JumpMonitor, FollowsTheWeighingTheFlightAndTheQuietSecondAfterLanding) {
  const DesignedCmj d;
  std::vector<double> t, f, l, r;
  d.build(t, f, l, r);
  JumpMethod m;
  JumpMonitor live(m, 1.0, 10.0);
  bool still_before = false, settled_early = false;
  std::optional<double> settled_at;
  for (std::size_t i = 0; i < t.size(); ++i) {
    live.add(t[i], f[i] + 0.5 * std::sin(static_cast<double>(i)));  // a little sensor noise
    if (t[i] > 1.5 && t[i] < d.stand_s) still_before = still_before || live.still();
    if (t[i] < d.landingTime() + 1.0 && live.settled()) settled_early = true;
    if (!settled_at && live.settled()) settled_at = t[i];
  }
  EXPECT_TRUE(still_before) << "standing before the dip is still";
  ASSERT_EQ(live.events().size(), 2u);
  EXPECT_TRUE(live.events()[0].takeoff);
  EXPECT_NEAR(live.events()[0].time_s, d.takeoffTime(), 2.5e-3);
  EXPECT_FALSE(live.events()[1].takeoff);
  EXPECT_NEAR(live.events()[1].time_s, d.landingTime(), 1.5e-3);
  EXPECT_NEAR(*live.lastFlightS(), d.flight(), 3e-3);
  EXPECT_FALSE(settled_early) << "a second of stillness after the landing first";
  ASSERT_TRUE(settled_at);
  // Still over a whole second after the landing phase (T3 = 0.25 s) came to rest.
  EXPECT_NEAR(*settled_at, d.landingTime() + d.T3 + 1.0, 0.05);
}

TEST(JumpAnalysis, ASquatJumpWithADipBeforeTheJumpIsFlaggedOneWithoutIsNot) {
  // A held squat (standing) then propulsion from rest: no countermovement.
  DesignedCmj clean;
  clean.c1 = 0.0;  // no dip: the "dip" phase stands still
  std::vector<double> t, f, l, r;
  clean.build(t, f, l, r);
  AnalysisMethod m = fixedOnset();
  m.jump.type = JumpType::Squat;
  const JumpAnalysis a = analyzeJumps(ForceSeries{t, f}, {}, {}, m, std::nullopt);
  ASSERT_EQ(a.jumps.size(), 1u);
  EXPECT_EQ(a.jumps[0].type, "squat-jump");
  EXPECT_TRUE(std::find(a.jumps[0].quality_flags.begin(), a.jumps[0].quality_flags.end(),
                        "countermovement_in_squat_jump") == a.jumps[0].quality_flags.end());
  EXPECT_FALSE(a.jumps[0].braking_s) << "no negative velocity: propulsion only";
  EXPECT_NEAR(*a.jumps[0].takeoff_velocity_m_per_s, clean.V, 0.02);
  // The same with the dip: flagged.
  const DesignedCmj dipped;
  std::vector<double> t2, f2, l2, r2;
  dipped.build(t2, f2, l2, r2);
  const JumpAnalysis b = analyzeJumps(ForceSeries{t2, f2}, {}, {}, m, std::nullopt);
  ASSERT_EQ(b.jumps.size(), 1u);
  EXPECT_TRUE(std::find(b.jumps[0].quality_flags.begin(), b.jumps[0].quality_flags.end(),
                        "countermovement_in_squat_jump") != b.jumps[0].quality_flags.end());
}

TEST(JumpAnalysis, ADropJumpWithoutTheBoxHeightKeepsItsEventsAndLeavesTheKinematicsAbsent) {
  // Off the plate for 1 s (on the box), a contact of 0.25 s ending in a take-off, a flight, a
  // landing and standing: the simulator's drop jump without noise.
  std::vector<double> t, f;
  const double mass = 70.0, contact = 0.25, v = 2.2, flight = 2.0 * v / kG;
  const double v0 = -std::sqrt(2.0 * kG * 0.4);
  const double q = (v - v0 + kG * contact / 3.0) * kPi / (2.0 * contact);
  for (int i = 0; i < 5000; ++i) {
    const double ti = i / 1000.0;
    double force = 0.0;
    if (ti >= 1.0 && ti < 1.0 + contact) {
      const double x = (ti - 1.0) / contact;
      force = mass * (kG + q * std::sin(kPi * x) - kG * x * x);
    } else if (ti >= 1.0 + contact + flight) {
      const double u = ti - (1.0 + contact + flight);
      force = mass * kG + (u < 0.3 ? mass * v * kPi / 0.6 * std::sin(kPi * u / 0.3) : 0.0);
    }
    t.push_back(ti);
    f.push_back(std::max(0.0, force));
  }
  AnalysisMethod m = fixedOnset();
  m.jump.type = JumpType::Drop;
  const JumpAnalysis a = analyzeJumps(ForceSeries{t, f}, {}, {}, m, std::nullopt);
  ASSERT_EQ(a.jumps.size(), 1u);
  const Jump& j = a.jumps[0];
  EXPECT_NEAR(*j.touchdown_s, 1.0, 1e-9);
  EXPECT_NEAR(*j.contact_time_s, contact, 2e-3);
  EXPECT_NEAR(*j.flight_time_s, flight, 3e-3);
  EXPECT_NEAR(*j.rsi, *j.jump_height_flight_time_m / *j.contact_time_s, 1e-12);
  EXPECT_NEAR(*j.flight_contact_ratio, *j.flight_time_s / *j.contact_time_s, 1e-12);
  // Weighed standing after the landing, but without the box the contact is not integrated.
  ASSERT_TRUE(j.weighing);
  EXPECT_NEAR(j.weighing->body_mass_kg, mass, 1e-6);
  EXPECT_FALSE(j.takeoff_velocity_m_per_s);
  EXPECT_FALSE(j.braking_impulse_n_s);
  EXPECT_NE(std::find(j.quality_flags.begin(), j.quality_flags.end(), "no_box_height"),
            j.quality_flags.end());
  // With it: the take-off velocity the contact's design gives.
  m.jump.box_height_m = 0.4;
  const JumpAnalysis b = analyzeJumps(ForceSeries{t, f}, {}, {}, m, std::nullopt);
  ASSERT_EQ(b.jumps.size(), 1u);
  EXPECT_NEAR(*b.jumps[0].takeoff_velocity_m_per_s, v, 0.03);
  EXPECT_TRUE(b.jumps[0].braking_impulse_n_s && b.jumps[0].propulsive_impulse_n_s);
}

TEST(JumpAnalysis, NobodyOnThePlatesAndBadParametersAreClearErrors) {
  std::vector<double> t, f;
  for (int i = 0; i < 3000; ++i) {
    t.push_back(i / 1000.0);
    f.push_back(1.0);
  }
  EXPECT_THROW((void)analyzeJumps(ForceSeries{t, f}, {}, {}, AnalysisMethod{}, std::nullopt),
               AnalysisError);
  AnalysisMethod bad;
  bad.jump.box_height_m = -1.0;
  EXPECT_THROW(bad.validate(), AnalysisError);
  EXPECT_THROW((void)jumpTypeFromName("box-jump"), AnalysisError);
  // A flat standing without a flight: no jump, said so.
  for (double& v : f) v = 700.0;
  try {
    (void)analyzeJumps(ForceSeries{t, f}, {}, {}, AnalysisMethod{}, std::nullopt);
    FAIL() << "no jump in the recording";
  } catch (const AnalysisError& e) {
    EXPECT_NE(std::string(e.what()).find("no jump"), std::string::npos) << e.what();
  }
}
