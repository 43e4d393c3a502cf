// The station's live stance follower against the stored analysis' rule (issue 27: one
// touch-down rule, the analysis' thresholds, no threshold of the station's own).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "holdfast/analysis/CentreOfPressure.h"
#include "holdfast/analysis/StanceFailure.h"
#include "holdfast/analysis/StanceMonitor.h"

using namespace holdfast::analysis;  // NOLINT(google-build-using-namespace)

namespace {

/// A left-leg stance at 1 kHz on two plates: 700 N on the left plate; the right foot puts
/// `down_n` on the right plate from `down_at_s` for `down_for_s`.
struct Stance {
  std::vector<double> t, left, right;
};
Stance stance(double length_s, double down_at_s, double down_for_s, double down_n) {
  Stance s;
  for (int k = 0; k < static_cast<int>(length_s * 1000); ++k) {
    const double t = k / 1000.0;
    const bool down = t >= down_at_s && t < down_at_s + down_for_s;
    s.t.push_back(t);
    s.left.push_back(700.0 + 5.0 * std::sin(t * 7.0) - (down ? down_n : 0.0));
    s.right.push_back(down ? down_n : 2.0);
  }
  return s;
}

/// The live monitor fed sample by sample, as the station's display stream feeds it.
std::optional<double> live(const Stance& s, const SwayMethod& m) {
  StanceMonitor monitor(m, 2, "left", 400.0);
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    const double force[] = {s.left[i], s.right[i]};
    monitor.add(s.t[i], force);
  }
  return monitor.touchDownS();
}

/// The stored analysis' answer: the body weight of the first second, then the rule.
std::optional<double> stored(const Stance& s, const SwayMethod& m) {
  double sum = 0.0;
  for (std::size_t i = 0; i < 1000; ++i) sum += s.left[i] + s.right[i];
  const StanceFailure f = singleLegStanceFailure(s.t, s.left, s.right, {}, {}, sum / 1000.0,
                                                 std::nullopt, m.touch_down_percent,
                                                 m.touch_down_min_s);
  return f.failed ? std::optional<double>(f.time_to_failure_s) : std::nullopt;
}

}  // namespace

TEST(StanceMonitor, LiveTouchDownIsTheStoredAnalysisOne) {
  const SwayMethod m;  // 10 % of body weight for 50 ms
  // Down at 3.2 s for 0.3 s with 150 N (21 % of body weight): both say 3.2 s.
  const Stance late = stance(6.0, 3.2, 0.3, 150.0);
  ASSERT_TRUE(stored(late, m).has_value());
  ASSERT_TRUE(live(late, m).has_value());
  EXPECT_DOUBLE_EQ(*live(late, m), *stored(late, m));
  EXPECT_NEAR(*live(late, m), 3.2, 1e-9);
  // Down within the first second (before the weight is known live): still the same instant.
  const Stance early = stance(6.0, 0.6, 0.3, 150.0);
  ASSERT_TRUE(live(early, m).has_value());
  EXPECT_DOUBLE_EQ(*live(early, m), *stored(early, m));
  // A 30 ms tap is not a touch-down (shorter than touch_down_min_s), nor 50 N (7 %) held.
  EXPECT_FALSE(live(stance(6.0, 3.0, 0.03, 150.0), m).has_value());
  EXPECT_FALSE(stored(stance(6.0, 3.0, 0.03, 150.0), m).has_value());
  EXPECT_FALSE(live(stance(6.0, 3.0, 1.0, 50.0), m).has_value());
  // The method's threshold is the one used: at 5 % the 50 N foot is down.
  SwayMethod five = m;
  five.touch_down_percent = 5.0;
  ASSERT_TRUE(live(stance(6.0, 3.0, 1.0, 50.0), five).has_value());
  EXPECT_DOUBLE_EQ(*live(stance(6.0, 3.0, 1.0, 50.0), five),
                   *stored(stance(6.0, 3.0, 1.0, 50.0), five));
}

TEST(StanceMonitor, BothFeetTakeTheCombinedCopAndOneFootItsPlate) {
  const double force[] = {400.0, 300.0};
  const double cop[] = {10.0, 5.0, -20.0, 15.0};  // x, y of each plate in its own frame
  const StanceMonitor both(SwayMethod{}, 2, "both", 400.0);
  const auto c = both.cop(force, cop);
  ASSERT_TRUE(c.has_value());
  // Force-weighted mean with the plates at -200 and +200 mm.
  EXPECT_NEAR(c->first, (400.0 * (10.0 - 200.0) + 300.0 * (-20.0 + 200.0)) / 700.0, 1e-9);
  EXPECT_NEAR(c->second, (400.0 * 5.0 + 300.0 * 15.0) / 700.0, 1e-9);
  const StanceMonitor right(SwayMethod{}, 2, "right", 400.0);
  ASSERT_TRUE(right.cop(force, cop).has_value());
  EXPECT_DOUBLE_EQ(right.cop(force, cop)->first, -20.0);
  // A plate under kCopMinLoadN takes no part in the combination.
  const double light[] = {400.0, kCopMinLoadN / 2};
  EXPECT_NEAR(both.cop(light, cop)->first, 10.0 - 200.0, 1e-9);
}
