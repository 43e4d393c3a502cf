#include "holdfast/simulator/JumpModel.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace holdfast::simulator {
namespace {

constexpr double g = 9.80665;
constexpr double pi = std::numbers::pi;

/// A deterministic +-5 % variation per jump k: a pure function of the seed.
double vary(std::uint64_t seed, int k) {
  std::uint64_t x = seed ^ (0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(k + 7));
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  const double unit = static_cast<double>(x >> 11) * 0x1.0p-53;
  return 1.0 + 0.10 * (unit - 0.5);
}

}  // namespace

JumpModel::JumpModel(JumpPlan plan) : plan_(std::move(plan)) {
  const JumpPlan& p = plan_;
  if (p.kind != "cmj" && p.kind != "squat-jump" && p.kind != "drop-jump" && p.kind != "hops")
    throw std::invalid_argument("unknown jump '" + p.kind + "'");
  if (!(p.mass_kg >= 10.0 && p.mass_kg <= 300.0))
    throw std::invalid_argument("the mass must be 10-300 kg");
  if (!(p.jump_height_m >= 0.02 && p.jump_height_m <= 1.0))
    throw std::invalid_argument("the jump height must be 0.02-1 m");
  if (!(p.contact_time_s >= 0.1 && p.contact_time_s <= 1.0))
    throw std::invalid_argument("the contact time must be 0.1-1 s");
  if (!(p.box_height_m >= 0.05 && p.box_height_m <= 1.0))
    throw std::invalid_argument("the box height must be 0.05-1 m");
  if (p.hops < 1 || p.hops > 30) throw std::invalid_argument("hops must be 1-30");
  if (!(p.deficit_fraction >= 0.0 && p.deficit_fraction < 0.9))
    throw std::invalid_argument("the deficit must be 0-90 %");
  const auto takeoff = [](double h) { return std::sqrt(2.0 * g * h); };
  // Propulsion from rest to v in T (a(T) = -g: the force reaches 0 at take-off).
  const auto propulsion = [&](double v, double T) {
    add(Kind::Propulsion, T, (v + g * T / 3.0) * pi / (2.0 * T));
    takeoff_v_.push_back(v);
    add(Kind::Air, 2.0 * v / g, 0.0);
  };
  // A contact from v0 (< 0) to v in T: a = Q sin(pi u / T) - g (u / T)^2.
  const auto contact = [&](double v0, double v, double T) {
    add(Kind::Contact, T, (v - v0 + g * T / 3.0) * pi / (2.0 * T));
    takeoff_v_.push_back(v);
    add(Kind::Air, 2.0 * v / g, 0.0);
  };
  // The dip of a countermovement: depth d in T (c = 2 pi d / T^2).
  const auto dip = [&](double depth, double T) { add(Kind::Dip, T, 2.0 * pi * depth / (T * T)); };
  const double v = takeoff(p.jump_height_m);
  if (p.kind == "cmj") {
    dip(0.28, 0.6);
    propulsion(v, 0.3);
  } else if (p.kind == "squat-jump") {
    dip(0.30, 1.0);  // slow enough to be still at the bottom
    add(Kind::Stand, 1.5, 0.0);
    propulsion(v, 0.35);
  } else if (p.kind == "drop-jump") {
    contact(-takeoff(p.box_height_m), v, p.contact_time_s);
  } else {
    dip(0.20, 0.5);
    propulsion(v * vary(p.seed, 0), 0.28);
    for (int k = 1; k <= p.hops; ++k) {
      const double v_in = takeoff_v_.back();
      const double v_out = v * std::sqrt(vary(p.seed, 2 * k));
      contact(-v_in, v_out, p.contact_time_s * vary(p.seed, 2 * k + 1));
    }
  }
  // Landing from the last flight: a half sine of 0.3 s brings -v back to rest.
  add(Kind::Landing, 0.3, takeoff_v_.back() * pi / (2.0 * 0.3));
}

void JumpModel::add(Kind kind, double length, double amplitude) {
  phases_.push_back({kind, end_, length, amplitude});
  end_ += length;
}

double JumpModel::bodyWeight() const { return plan_.mass_kg * g; }

double JumpModel::length_s() const { return end_; }

const JumpModel::Phase* JumpModel::phaseAt(double u) const {
  const auto it = std::upper_bound(phases_.begin(), phases_.end(), u,
                                   [](double x, const Phase& p) { return x < p.start; });
  if (it == phases_.begin()) return nullptr;
  const Phase& p = *(it - 1);
  return u < p.start + p.length ? &p : nullptr;
}

double JumpModel::acceleration(const Phase& p, double u) const {
  const double x = (u - p.start) / p.length;
  switch (p.kind) {
    case Kind::Stand:
      return 0.0;
    case Kind::Air:
      return -g;
    case Kind::Dip:
      return -p.amplitude * std::sin(2.0 * pi * x);
    case Kind::Propulsion:
    case Kind::Contact:
      return p.amplitude * std::sin(pi * x) - g * x * x;
    case Kind::Landing:
      return p.amplitude * std::sin(pi * x);
  }
  return 0.0;
}

double JumpModel::totalForce(double u) const {
  if (u < 0.0) return plan_.kind == "drop-jump" ? 0.0 : bodyWeight();
  const Phase* p = phaseAt(u);
  if (!p) return bodyWeight();  // still after the landing
  if (p->kind == Kind::Air) return 0.0;
  return std::max(0.0, plan_.mass_kg * (g + acceleration(*p, u)));
}

double JumpModel::plateForce(double u, int plate) const {
  const double total = totalForce(u);
  if (total <= 0.0) return 0.0;
  const double net = total - bodyWeight();
  const double weaker = 0.5 * bodyWeight() + 0.5 * net * (1.0 - plan_.deficit_fraction);
  const double w = std::clamp(weaker, 0.0, total);
  return plate == plan_.weaker_plate ? w : total - w;
}

}  // namespace holdfast::simulator
