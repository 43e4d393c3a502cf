#pragma once
// The vertical force of a person jumping, built from the motion of the centre of mass: each
// phase's acceleration a(u) is a closed form, the plates read m (a + g) on the ground and 0 in
// the air, so the take-off velocity the force gives is exactly the one that sets the flight
// time (2 v / g) and the landing velocity (-v). Used by ForceScenario for the jump scenarios.
//
// cmj: stand; a dip of 0.6 s (a = -c sin(2 pi u / T): down and back to rest at the lowest
//   point); propulsion of 0.3 s ending at F = 0 with the take-off velocity sqrt(2 g h); flight;
//   a landing of 0.3 s back to rest (a half sine); stand.
// squat-jump: stand; a slow squat down (1 s), a held squat (1.5 s), propulsion from rest.
// drop-jump: off the plate (on the box), touch-down at -sqrt(2 g box) and a contact of
//   contact_time_s ending in the take-off; flight; landing; stand.
// hops: a countermovement start, then `hops` rebounds of contact_time_s each (heights and
//   contacts vary +-5 % from hop to hop), landing, stand.
// Two plates: each carries half the body weight standing; the weaker side gets (1 - deficit)
// of its half of the net force (F - BW) in every phase, the other side the rest.

#include <cstdint>
#include <string>
#include <vector>

namespace holdfast::simulator {

struct JumpPlan {
  std::string kind = "cmj";  ///< cmj, squat-jump, drop-jump, hops
  double mass_kg = 75.0;
  double jump_height_m = 0.30;
  double contact_time_s = 0.25;  ///< drop jump and hops
  double box_height_m = 0.30;    ///< drop jump
  int hops = 10;
  double deficit_fraction = 0.0;
  int weaker_plate = 1;  ///< 0 left, 1 right
  std::uint64_t seed = 1;
};

class JumpModel {
 public:
  explicit JumpModel(JumpPlan plan);

  /// Total vertical force at u seconds after the movement began. Before it (u < 0) the
  /// person stands (a drop jump: stands on the box, the plate is unloaded); after
  /// length_s() stands still.
  [[nodiscard]] double totalForce(double u) const;
  /// One plate's force (plate 0 left, 1 right) when the person has a foot on each.
  [[nodiscard]] double plateForce(double u, int plate) const;
  /// From the start of the movement to standing still after the last landing.
  [[nodiscard]] double length_s() const;
  /// The simulated take-off velocity of each jump, in order (for tests).
  [[nodiscard]] const std::vector<double>& takeoffVelocities() const { return takeoff_v_; }
  [[nodiscard]] double bodyWeight() const;
  [[nodiscard]] const JumpPlan& plan() const { return plan_; }

 private:
  enum class Kind { Stand, Air, Dip, Propulsion, Contact, Landing };
  struct Phase {
    Kind kind;
    double start = 0.0;
    double length = 0.0;
    double amplitude = 0.0;  ///< c, P, Q or A of the phase's a(u)
  };
  void add(Kind kind, double length, double amplitude);
  [[nodiscard]] double acceleration(const Phase& p, double u) const;
  [[nodiscard]] const Phase* phaseAt(double u) const;

  JumpPlan plan_;
  std::vector<Phase> phases_;
  std::vector<double> takeoff_v_;
  double end_ = 0.0;
};

}  // namespace holdfast::simulator
