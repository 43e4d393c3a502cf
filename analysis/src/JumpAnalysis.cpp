#include "holdfast/analysis/JumpAnalysis.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "holdfast/analysis/Baseline.h"
#include "holdfast/analysis/ButterworthFilter.h"
#include "holdfast/analysis/EffortOnset.h"
#include "holdfast/analysis/MetricCatalogue.h"

namespace holdfast::analysis {
namespace {

constexpr double g = kStandardGravity;

/// The samples of the recording with their time steps, shared by every jump of it.
struct Trace {
  std::span<const double> t;
  std::span<const double> f;
  std::span<const double> left;  ///< empty on one plate
  std::span<const double> right;
  double dt = 0.0;  ///< the typical sample interval
  [[nodiscard]] std::size_t size() const { return f.size(); }
  [[nodiscard]] bool twoPlates() const { return !left.empty(); }
};

/// The smallest and largest step of a series' time axis, checking on the way that every force
/// and time is finite and time increases (validateForceSeries names the first offender when
/// not). One pass with two independent chains: this runs on every trial of a batch.
[[gnu::noinline]] std::pair<double, double> checkedStepRange(const ForceSeries& series) {
  const std::size_t n = series.size();
  if (n < 3 || series.time_s.size() != n) {
    validateForceSeries(series, 3);
  }
  const double* f = series.force_n.data();
  const double* t = series.time_s.data();
  // A sum is NaN or infinite as soon as one term is: the forces' sum and the steps' sum
  // (NaN or an infinite time makes a step NaN or infinite) check every sample at one
  // addition each.
  // Two lanes of each: eight accumulators stay in registers.
  double lo0 = t[1] - t[0], lo1 = lo0, hi0 = lo0, hi1 = lo0;
  double zf0 = 0.0, zf1 = 0.0, zt0 = 0.0, zt1 = 0.0;
  std::size_t i = 1;
  for (; i + 2 <= n; i += 2) {
    const double d0 = t[i] - t[i - 1], d1 = t[i + 1] - t[i];
    zf0 += f[i];
    zf1 += f[i + 1];
    zt0 += d0;
    zt1 += d1;
    lo0 = d0 < lo0 ? d0 : lo0;
    lo1 = d1 < lo1 ? d1 : lo1;
    hi0 = d0 > hi0 ? d0 : hi0;
    hi1 = d1 > hi1 ? d1 : hi1;
  }
  for (; i < n; ++i) {
    const double d = t[i] - t[i - 1];
    zf0 += f[i];
    zt0 += d;
    lo0 = d < lo0 ? d : lo0;
    hi0 = d > hi0 ? d : hi0;
  }
  const double low = std::min(lo0, lo1);
  const double high = std::max(hi0, hi1);
  const double sums = zf0 + zf1 + f[0] + zt0 + zt1 + t[0];
  if (!std::isfinite(sums) || !(low > 0.0)) {
    validateForceSeries(series, 3);  // throws, naming the sample
    throw AnalysisError("the force series is not finite or its time does not increase");
  }
  return {low, high};
}

/// Half-width of the band around body weight outside which the body moves: the effort onset
/// rule (onsetThreshold) with the weighing as its baseline.
double onsetBand(const OnsetMethod& onset, const BodyWeighing& w) {
  Baseline b;
  b.mean_n = w.body_weight_n;
  b.sd_n = w.sd_n;
  return onsetThreshold(b, onset, w.body_mass_kg) - w.body_weight_n;
}

void addFlag(std::vector<std::string>& flags, const std::string& flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);
}

/// The body weight of a jump: a fixed window or the given mass when the method says so, else
/// the quietest standing in [begin, end), else the session's mass.
std::optional<BodyWeighing> weighJump(const Trace& tr, std::size_t begin, std::size_t end,
                                      const AnalysisMethod& method,
                                      std::optional<double> fallback_mass_kg,
                                      std::vector<std::string>& flags) {
  const ForceSeries series{tr.t, tr.f};
  std::optional<BodyWeighing> standing;
  if (method.baseline.kind == BaselineMethod::Kind::FixedWindow) {
    standing = weighFixedWindow(series, method);
  } else {
    standing = weighStanding(series, begin, end, method, tr.dt);
  }
  if (method.jump.body_mass_kg) {
    addFlag(flags, "body_weight_given");
    return givenMass(*method.jump.body_mass_kg, standing);
  }
  if (standing) {
    if (standing->short_window) addFlag(flags, "short_weighing");
    if (standing->not_still) addFlag(flags, "weighing_not_still");
    return standing;
  }
  if (fallback_mass_kg) {
    addFlag(flags, "body_weight_from_session_mass");
    return givenMass(*fallback_mass_kg, std::nullopt);
  }
  addFlag(flags, "no_weighing");
  return std::nullopt;
}

/// Velocity and displacement of the centre of mass from sample `from` (velocity v0, position
/// 0) to `to`, by the trapezoid rule over a = (F - BW) / m.
struct Kinematics {
  std::size_t from = 0;
  std::vector<double> v;  ///< v[i - from]
  std::vector<double> s;
};

Kinematics integrate(const Trace& tr, std::size_t from, std::size_t to, double bw, double mass,
                     double v0) {
  Kinematics k;
  k.from = from;
  const std::size_t n = to - from + 1;
  k.v.resize(n);
  k.s.resize(n);
  // The running velocity and position stay in registers (reading them back from the arrays
  // would chain every step through memory).
  double* vs = k.v.data();
  double* ss = k.s.data();
  const double* f = tr.f.data();
  const double* t = tr.t.data();
  double v = v0, s = 0.0;
  vs[0] = v;
  ss[0] = s;
  const double inverse_mass = 1.0 / mass;
  double a_prev = (f[from] - bw) * inverse_mass;
  for (std::size_t j = 1; j < n; ++j) {
    const std::size_t i = from + j;
    const double dt = t[i] - t[i - 1];
    const double a = (f[i] - bw) * inverse_mass;
    const double v_next = v + 0.5 * (a_prev + a) * dt;
    s += 0.5 * (v + v_next) * dt;
    v = v_next;
    vs[j] = v;
    ss[j] = s;
    a_prev = a;
  }
  return k;
}

/// One pass over samples [a, b] of a phase: the net impulse of (x - offset), the mean of x by
/// time (the sample itself when a == b) and its peak.
struct PhaseMeasure {
  double impulse = 0.0;
  double mean = 0.0;
  double peak = 0.0;
};

PhaseMeasure measurePhase(std::span<const double> t, std::span<const double> x, std::size_t a,
                          std::size_t b, double offset) {
  PhaseMeasure m;
  // Two independent sums and peaks (even and odd steps) keep the pipeline full.
  double g0 = 0.0, g1 = 0.0, p0 = x[a], p1 = x[a];
  std::size_t i = a;
  for (; i + 2 <= b; i += 2) {
    g0 += (x[i] + x[i + 1]) * (t[i + 1] - t[i]);
    g1 += (x[i + 1] + x[i + 2]) * (t[i + 2] - t[i + 1]);
    p0 = x[i + 1] > p0 ? x[i + 1] : p0;
    p1 = x[i + 2] > p1 ? x[i + 2] : p1;
  }
  for (; i < b; ++i) {
    g0 += (x[i] + x[i + 1]) * (t[i + 1] - t[i]);
    p0 = x[i + 1] > p0 ? x[i + 1] : p0;
  }
  const double gross = 0.5 * (g0 + g1), peak = std::max(p0, p1);
  const double duration = t[b] - t[a];
  m.impulse = gross - offset * duration;
  m.mean = b > a ? gross / duration : x[a];
  m.peak = peak;
  return m;
}

struct PhaseBounds {
  std::optional<std::size_t> braking_start;     ///< lowest velocity
  std::optional<std::size_t> propulsion_start;  ///< velocity 0 again, the lowest position
};

/// Unweighting, braking and propulsion from the velocity, and every metric of the ground
/// phase up to take-off `T`.
PhaseBounds groundPhase(const Trace& tr, const Kinematics& k, std::size_t start, std::size_t T,
                        const BodyWeighing& w, Jump& jump) {
  const double bw = w.body_weight_n, mass = w.body_mass_kg;
  PhaseBounds pb;
  const double v_to = k.v[T - k.from];
  jump.takeoff_velocity_m_per_s = v_to;
  if (v_to > 0.0) {
    jump.jump_height_impulse_m = v_to * v_to / (2.0 * g);
  } else {
    addFlag(jump.quality_flags, "takeoff_velocity_not_positive");
  }
  // Lowest velocity, then the first return to 0: the lowest position.
  std::size_t i_vmin = start;
  for (std::size_t i = start; i <= T; ++i) {
    if (k.v[i - k.from] < k.v[i_vmin - k.from]) i_vmin = i;
  }
  std::size_t i_v0 = start;
  if (k.v[i_vmin - k.from] < 0.0) {
    std::size_t i = i_vmin;
    while (i <= T && k.v[i - k.from] < 0.0) ++i;
    if (i <= T) {
      pb.braking_start = i_vmin;
      pb.propulsion_start = i;
      i_v0 = i;
    } else {
      addFlag(jump.quality_flags, "no_propulsion_phase");
    }
  }
  if (pb.braking_start) {
    const std::size_t b0 = *pb.braking_start, b1 = *pb.propulsion_start;
    jump.braking_s = tr.t[b1] - tr.t[b0];
    const PhaseMeasure braking = measurePhase(tr.t, tr.f, b0, b1, bw);
    jump.braking_impulse_n_s = braking.impulse;
    jump.mean_braking_force_n = braking.mean;
    jump.peak_braking_force_n = braking.peak;
    if (b1 > b0) {
      jump.eccentric_deceleration_rfd_n_per_s = (tr.f[b1] - tr.f[b0]) / (tr.t[b1] - tr.t[b0]);
    }
    jump.countermovement_depth_m = k.s[b1 - k.from];
  }
  jump.propulsion_s = tr.t[T] - tr.t[i_v0];
  const PhaseMeasure propulsion = measurePhase(tr.t, tr.f, i_v0, T, bw);
  jump.propulsive_impulse_n_s = propulsion.impulse;
  jump.mean_propulsive_force_n = propulsion.mean;
  jump.peak_propulsive_force_n = propulsion.peak;
  double peak_power = 0.0;
  for (std::size_t i = start; i <= T; ++i)
    peak_power = std::max(peak_power, tr.f[i] * k.v[i - k.from]);
  jump.peak_power_w = peak_power;
  jump.peak_power_w_per_kg = peak_power / mass;
  return pb;
}

/// Touch-down `L` to the lowest position after it (velocity back to 0), or, when that is not
/// reached before `limit`, to the force back within the onset band. Returns the phase's last
/// sample.
std::size_t landingPhase(const Trace& tr, std::size_t L, std::size_t limit, double v_land,
                         const std::optional<BodyWeighing>& w, double band, Jump& jump) {
  std::size_t end = std::min(limit, tr.size() - 1);
  bool found = false;
  if (w) {
    // The lowest position: the velocity back at 0. Integration drift may keep it a hair below
    // 0 once the athlete is still, so the highest velocity counts when it is within 5 cm/s of
    // 0 and has not risen for 0.1 s (searched over at most 2 s).
    const double bw = w->body_weight_n, mass = w->body_mass_kg;
    const std::size_t search_end = indexAtOrAfter(ForceSeries{tr.t, tr.f}, tr.t[L] + 2.0);
    const std::size_t last = std::min(end, search_end >= tr.size() ? tr.size() - 1 : search_end);
    double v = v_land, v_best = v_land;
    std::size_t i_best = L;
    double a_prev = (tr.f[L] - bw) / mass;
    for (std::size_t i = L + 1; i <= last; ++i) {
      const double a = (tr.f[i] - bw) / mass;
      v += 0.5 * (a_prev + a) * (tr.t[i] - tr.t[i - 1]);
      a_prev = a;
      if (v >= 0.0) {
        i_best = i;
        v_best = v;
        break;
      }
      if (v > v_best + 1e-9) {
        v_best = v;
        i_best = i;
      } else if (v_best >= -0.05 && tr.t[i] - tr.t[i_best] > 0.1) {
        break;  // still for 0.1 s within 5 cm/s of 0: the lowest position has passed
      }
    }
    if (v_best >= -0.05 && i_best > L) {
      end = i_best;
      found = true;
    } else {
      // The force back at body weight after its peak.
      const std::size_t peak = static_cast<std::size_t>(
          std::max_element(tr.f.begin() + static_cast<std::ptrdiff_t>(L),
                           tr.f.begin() + static_cast<std::ptrdiff_t>(end) + 1) -
          tr.f.begin());
      for (std::size_t i = peak; i <= end; ++i) {
        if (std::abs(tr.f[i] - bw) <= band) {
          end = i;
          found = true;
          break;
        }
      }
      addFlag(jump.quality_flags, "landing_lowest_point_not_found");
    }
  }
  if (!found) {
    // No body weight: the landing is the first second of contact (or to the next take-off).
    const double until = tr.t[L] + 1.0;
    std::size_t i = L;
    while (i < end && tr.t[i + 1] <= until) ++i;
    end = i;
  }
  jump.landing_phase_s = tr.t[end] - tr.t[L];
  const PhaseMeasure landing = measurePhase(tr.t, tr.f, L, end, w ? w->body_weight_n : 0.0);
  jump.peak_landing_force_n = landing.peak;
  if (w && found) jump.landing_impulse_n_s = landing.impulse;
  return end;
}

/// Each plate's part of the phases, net of its share of body weight over the weighing window.
void plateMetrics(const Trace& tr, const BodyWeighing& w, const PhaseBounds& pb,
                  std::optional<std::size_t> ground_start, std::size_t T,
                  std::optional<std::size_t> L, std::optional<std::size_t> landing_end,
                  std::optional<Limb> involved, const AsymmetryFlags& flags, Jump& jump) {
  const auto share = [&](std::span<const double> plate) {
    if (!w.measured() && w.sd_n == 0.0) return w.body_weight_n / 2.0;
    if (!w.measured()) {
      // A given mass: split it as the plates shared the standing that set the onset band.
      double lsum = 0.0, tsum = 0.0;
      for (std::size_t i = w.first_index; i <= w.last_index; ++i) {
        lsum += plate[i];
        tsum += tr.f[i];
      }
      return tsum > 0.0 ? w.body_weight_n * lsum / tsum : w.body_weight_n / 2.0;
    }
    double sum = 0.0;
    for (std::size_t i = w.first_index; i <= w.last_index; ++i) sum += plate[i];
    return sum / static_cast<double>(w.last_index - w.first_index + 1);
  };
  if (!w.measured() && w.sd_n == 0.0) addFlag(jump.quality_flags, "plate_shares_assumed_equal");
  const auto one = [&](std::span<const double> plate) {
    JumpPlateMetrics m;
    m.body_weight_share_n = share(plate);
    if (pb.braking_start) {
      const std::size_t b0 = *pb.braking_start, b1 = *pb.propulsion_start;
      const PhaseMeasure braking = measurePhase(tr.t, plate, b0, b1, m.body_weight_share_n);
      m.braking_impulse_n_s = braking.impulse;
      m.mean_braking_force_n = braking.mean;
      m.peak_braking_force_n = braking.peak;
    }
    if (ground_start) {
      const std::size_t p0 = pb.propulsion_start.value_or(*ground_start);
      const PhaseMeasure propulsion = measurePhase(tr.t, plate, p0, T, m.body_weight_share_n);
      m.propulsive_impulse_n_s = propulsion.impulse;
      m.mean_propulsive_force_n = propulsion.mean;
      m.peak_propulsive_force_n = propulsion.peak;
    }
    if (L && landing_end) {
      const PhaseMeasure landing =
          measurePhase(tr.t, plate, *L, *landing_end, m.body_weight_share_n);
      m.peak_landing_force_n = landing.peak;
      if (jump.landing_impulse_n_s) m.landing_impulse_n_s = landing.impulse;
    }
    return m;
  };
  jump.left = one(tr.left);
  jump.right = one(tr.right);
  const auto compare = [&](const char* name, const std::optional<double>& l,
                           const std::optional<double>& r) {
    if (!l || !r) return;
    if (!(*l > 0.0) || !(*r > 0.0)) {
      addFlag(jump.quality_flags, std::string("asymmetry_not_positive:") + name);
      return;
    }
    jump.asymmetry.push_back({name, compareLimbs(*l, *r, involved, flags)});
  };
  const JumpPlateMetrics &a = *jump.left, &b = *jump.right;
  compare(metric::kBrakingImpulse, a.braking_impulse_n_s, b.braking_impulse_n_s);
  compare(metric::kPropulsiveImpulse, a.propulsive_impulse_n_s, b.propulsive_impulse_n_s);
  compare(metric::kMeanBrakingForce, a.mean_braking_force_n, b.mean_braking_force_n);
  compare(metric::kMeanPropulsiveForce, a.mean_propulsive_force_n, b.mean_propulsive_force_n);
  compare(metric::kPeakLandingForce, a.peak_landing_force_n, b.peak_landing_force_n);
  compare(metric::kLandingImpulse, a.landing_impulse_n_s, b.landing_impulse_n_s);
}

void flightOf(const Trace& tr, const Flight& fl, Jump& jump) {
  jump.takeoff_s = tr.t[fl.takeoff];
  if (fl.landing < tr.size() && tr.t.back() - tr.t[fl.landing] < kLandingNeedsS) {
    // A "landing" in the last moments of the recording (the last sample, say) is not one that
    // can be measured, nor told from noise: the jump is cut by the end, listed and not counted.
    addFlag(jump.quality_flags, kCutByEndOfRecording);
  } else if (fl.landing < tr.size()) {
    jump.landing_s = tr.t[fl.landing];
    jump.flight_time_s = tr.t[fl.landing] - tr.t[fl.takeoff];
    jump.jump_height_flight_time_m = g * *jump.flight_time_s * *jump.flight_time_s / 8.0;
  } else {
    addFlag(jump.quality_flags, "recording_ends_in_flight");
  }
}

/// A jump from standing (CMJ, squat jump, a hop test's first jump): weighing in
/// [begin, T), onset, kinematics from the onset, landing.
Jump groundJump(const Trace& tr, const Flight& fl, std::size_t begin, std::size_t next_takeoff,
                const AnalysisMethod& method, std::optional<Limb> involved,
                std::optional<double> fallback_mass_kg, const char* type) {
  Jump jump;
  jump.type = type;
  flightOf(tr, fl, jump);
  const std::size_t T = fl.takeoff;
  const JumpMethod& jm = method.jump;
  std::size_t search = begin;
  if (method.jump.type == JumpType::Squat) {
    // The held squat: the quietest window of the last seconds before take-off.
    const double from = tr.t[T] - jm.squat_hold_search_s;
    while (search < T && tr.t[search] < from) ++search;
  }
  jump.weighing = weighJump(tr, search, T, method, fallback_mass_kg, jump.quality_flags);
  std::optional<std::size_t> onset;
  double band = 0.0;
  if (jump.weighing) {
    const BodyWeighing& w = *jump.weighing;
    band = onsetBand(method.onset, w);
    const bool has_window = w.measured() || w.sd_n > 0.0;
    std::size_t i = has_window ? std::max(w.last_index + 1, begin) : begin;
    if (has_window && w.last_index >= T) i = begin;  // a fixed window after the jump
    for (; i < T; ++i) {
      if (std::abs(tr.f[i] - w.body_weight_n) > band) break;
    }
    if (i < T && band > 0.0) {
      const double back = tr.t[i] - jm.onset_backtrack_s;
      std::size_t o = i;
      while (o > begin && tr.t[o - 1] >= back - 1e-12) --o;
      onset = o;
    } else {
      addFlag(jump.quality_flags, "no_onset");
    }
  }
  std::optional<std::size_t> landing_end;
  PhaseBounds pb;
  double v_to_for_landing = 0.0;
  bool have_v = false;
  if (onset && jump.weighing) {
    const BodyWeighing& w = *jump.weighing;
    jump.onset_s = tr.t[*onset];
    const Kinematics k = integrate(tr, *onset, T, w.body_weight_n, w.body_mass_kg, 0.0);
    pb = groundPhase(tr, k, *onset, T, w, jump);
    jump.time_to_takeoff_s = tr.t[T] - tr.t[*onset];
    if (jump.jump_height_impulse_m && *jump.time_to_takeoff_s > 0.0)
      jump.rsi_modified = *jump.jump_height_impulse_m / *jump.time_to_takeoff_s;
    if (pb.braking_start) jump.unweighting_s = tr.t[*pb.braking_start] - tr.t[*onset];
    v_to_for_landing = k.v.back();
    have_v = true;
    if (method.jump.type == JumpType::Squat) {
      // A squat jump has no countermovement: force below BW - band before propulsion is one.
      for (std::size_t i = *onset; i < T; ++i) {
        if (tr.f[i] < w.body_weight_n - band && (band > 0.0)) {
          addFlag(jump.quality_flags, "countermovement_in_squat_jump");
          break;
        }
        if (tr.f[i] > w.body_weight_n + band) break;  // propulsion has begun
      }
    }
  }
  if (jump.landing_s) {
    const double v_land =
        have_v ? v_to_for_landing - g * *jump.flight_time_s : -g * *jump.flight_time_s / 2.0;
    landing_end = landingPhase(tr, fl.landing, next_takeoff == 0 ? tr.size() - 1 : next_takeoff - 1,
                               v_land, jump.weighing, band, jump);
  }
  if (tr.twoPlates() && jump.weighing && onset) {
    plateMetrics(tr, *jump.weighing, pb, onset, T,
                 jump.landing_s ? std::optional<std::size_t>(fl.landing) : std::nullopt,
                 landing_end, involved, method.asymmetry, jump);
  }
  return jump;
}

/// A jump off a contact that began with a touch-down (drop jump, hop): contact time, RSI, and
/// with a body weight and the velocity at touch-down, the contact's kinematics.
Jump reboundJump(const Trace& tr, std::size_t D, const Flight& fl, std::size_t next_takeoff,
                 const std::optional<BodyWeighing>& w, std::optional<double> v_touchdown,
                 const AnalysisMethod& method, std::optional<Limb> involved, const char* type) {
  Jump jump;
  jump.type = type;
  jump.weighing = w;
  flightOf(tr, fl, jump);
  const std::size_t T = fl.takeoff;
  jump.touchdown_s = tr.t[D];
  jump.contact_time_s = tr.t[T] - tr.t[D];
  if (jump.flight_time_s && *jump.contact_time_s > 0.0) {
    jump.rsi = *jump.jump_height_flight_time_m / *jump.contact_time_s;
    jump.flight_contact_ratio = *jump.flight_time_s / *jump.contact_time_s;
  }
  PhaseBounds pb;
  bool have_v = false;
  double v_to = 0.0;
  if (w && v_touchdown) {
    const Kinematics k = integrate(tr, D, T, w->body_weight_n, w->body_mass_kg, *v_touchdown);
    pb = groundPhase(tr, k, D, T, *w, jump);
    v_to = k.v.back();
    have_v = true;
  }
  const double band = w ? onsetBand(method.onset, *w) : 0.0;
  std::optional<std::size_t> landing_end;
  if (jump.landing_s) {
    const double v_land = have_v ? v_to - g * *jump.flight_time_s : -g * *jump.flight_time_s / 2.0;
    landing_end = landingPhase(tr, fl.landing, next_takeoff == 0 ? tr.size() - 1 : next_takeoff - 1,
                               v_land, w, band, jump);
  }
  if (tr.twoPlates() && w && have_v) {
    plateMetrics(tr, *w, pb, D, T,
                 jump.landing_s ? std::optional<std::size_t>(fl.landing) : std::nullopt,
                 landing_end, involved, method.asymmetry, jump);
  }
  return jump;
}

HopSummary summarizeHops(const std::vector<Jump>& jumps) {
  HopSummary h;
  std::vector<std::size_t> with_rsi;
  for (std::size_t i = 0; i < jumps.size(); ++i) {
    if (jumps[i].cutByRecording()) continue;
    if (jumps[i].contact_time_s) ++h.count;
    if (jumps[i].rsi) with_rsi.push_back(i);
  }
  std::stable_sort(with_rsi.begin(), with_rsi.end(),
                   [&](std::size_t a, std::size_t b) { return *jumps[a].rsi > *jumps[b].rsi; });
  if (with_rsi.size() > 5) with_rsi.resize(5);
  h.best5 = with_rsi;
  if (!with_rsi.empty()) {
    const double n = static_cast<double>(with_rsi.size());
    for (std::size_t i : with_rsi) {
      h.best5_rsi_mean += *jumps[i].rsi / n;
      h.best5_contact_time_mean_s += *jumps[i].contact_time_s / n;
      h.best5_jump_height_mean_m += *jumps[i].jump_height_flight_time_m / n;
    }
  }
  std::sort(h.best5.begin(), h.best5.end());
  return h;
}

}  // namespace

const std::vector<std::string>& jumpPhaseAsymmetryMetrics() {
  static const std::vector<std::string> names = {
      metric::kBrakingImpulse,      metric::kPropulsiveImpulse, metric::kMeanBrakingForce,
      metric::kMeanPropulsiveForce, metric::kPeakLandingForce,  metric::kLandingImpulse};
  return names;
}

JumpAnalysis analyzeJumps(const ForceSeries& total_in, std::span<const double> left_in,
                          std::span<const double> right_in, const AnalysisMethod& method,
                          std::optional<Limb> involved, std::optional<double> fallback_mass_kg) {
  method.validate();
  const auto [step_lo, step_hi] = checkedStepRange(total_in);
  if (left_in.size() != right_in.size() ||
      (!left_in.empty() && left_in.size() != total_in.size())) {
    throw AnalysisError("the plates' force series differ in length from the total");
  }
  JumpAnalysis out;
  out.type = method.jump.type;
  // The typical interval: on a regular time axis (every step within 0.5-1.5x of the others,
  // the usual case) the mean step; else the median of at most 257 steps spread over the
  // recording. The validation above walked the steps: their extremes came with it.
  double dt = 0.0;
  {
    const std::size_t n = total_in.size();
    if (step_hi <= 1.5 * step_lo) {
      dt = (total_in.time_s[n - 1] - total_in.time_s[0]) / static_cast<double>(n - 1);
    } else {
      const std::size_t step = std::max<std::size_t>(1, (n - 1) / 256);
      std::vector<double> steps;
      for (std::size_t i = 1; i < n; i += step)
        steps.push_back(total_in.time_s[i] - total_in.time_s[i - 1]);
      std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2),
                       steps.end());
      dt = steps[steps.size() / 2];
    }
  }
  out.sample_rate_hz = 1.0 / dt;
  if (out.sample_rate_hz < 500.0 - 1e-6) addFlag(out.quality_flags, "sample_rate_below_500_hz");
  // The method's low-pass, on the total and on each plate alike.
  std::vector<double> ft, fl, fr;
  Trace tr{total_in.time_s, total_in.force_n, left_in, right_in, dt};
  if (method.filter.kind == FilterMethod::Kind::Butterworth) {
    const FilterCoefficients c =
        butterworthLowPass(method.filter.order, method.filter.cutoff_hz, out.sample_rate_hz);
    ft = filtfilt(c, total_in.force_n);
    tr.f = ft;
    if (!left_in.empty()) {
      fl = filtfilt(c, left_in);
      fr = filtfilt(c, right_in);
      tr.left = fl;
      tr.right = fr;
    }
    out.filtered = true;
  }
  const ForceSeries total{tr.t, tr.f};
  out.unloading = findFlights(total, method.jump, dt);
  if (out.unloading.measured && std::abs(out.unloading.offset_n) > 5.0)
    addFlag(out.quality_flags, "plate_offset_in_flight");
  const std::vector<Flight>& flights = out.unloading.flights;
  const auto next_takeoff = [&](std::size_t k) {
    return k + 1 < flights.size() ? flights[k + 1].takeoff : std::size_t{0};
  };
  const auto contact_s = [&](std::size_t from, std::size_t to) {
    return static_cast<double>(to - from) * dt;
  };
  switch (method.jump.type) {
    case JumpType::Countermovement:
    case JumpType::Squat: {
      std::size_t begin = 0;
      for (std::size_t k = 0; k < flights.size(); ++k) {
        const Flight& f = flights[k];
        if (f.startsTheRecording()) {
          begin = f.landing;
          continue;
        }
        out.jumps.push_back(groundJump(tr, f, begin, next_takeoff(k), method, involved,
                                       fallback_mass_kg, jumpTypeName(method.jump.type)));
        begin = f.landing < tr.size() ? f.landing : tr.size();
      }
      break;
    }
    case JumpType::Drop: {
      for (std::size_t k = 1; k < flights.size(); ++k) {
        const std::size_t D = flights[k - 1].landing, T = flights[k].takeoff;
        if (contact_s(D, T) > method.jump.max_contact_s) continue;
        // Body weight from a quiet standing after the rebound's landing.
        std::vector<std::string> flags;
        std::optional<BodyWeighing> w;
        if (flights[k].landing < tr.size()) {
          const std::size_t end = k + 1 < flights.size() ? flights[k + 1].takeoff : tr.size();
          w = weighJump(tr, flights[k].landing, end, method, fallback_mass_kg, flags);
        } else if (method.jump.body_mass_kg || fallback_mass_kg) {
          w = weighJump(tr, 0, 0, method, fallback_mass_kg, flags);
        } else {
          flags.push_back("no_weighing");
        }
        std::optional<double> v_touchdown;
        if (method.jump.box_height_m) {
          v_touchdown = -std::sqrt(2.0 * g * *method.jump.box_height_m);
        } else {
          flags.push_back("no_box_height");
        }
        Jump j = reboundJump(tr, D, flights[k], next_takeoff(k), w, v_touchdown, method, involved,
                             "drop-jump");
        if (w && w->measured()) addFlag(j.quality_flags, "weighing_after_landing");
        for (const auto& f : flags) addFlag(j.quality_flags, f);
        out.jumps.push_back(std::move(j));
      }
      break;
    }
    case JumpType::Hops: {
      // The body weight of the whole test: standing before the first jump, else after the last.
      std::vector<std::string> flags;
      std::optional<BodyWeighing> w;
      std::size_t first = 0;
      while (first < flights.size() && flights[first].startsTheRecording()) ++first;
      if (first < flights.size()) {
        const std::size_t begin = first > 0 ? flights[first - 1].landing : 0;
        w = weighJump(tr, begin, flights[first].takeoff, method, fallback_mass_kg, flags);
        if ((!w || !w->measured()) && flights.back().landing < tr.size()) {
          std::vector<std::string> after;
          if (auto wa =
                  weighJump(tr, flights.back().landing, tr.size(), method, fallback_mass_kg, after);
              wa && wa->measured()) {
            w = wa;
            flags = after;
            flags.push_back("weighing_after_landing");
          }
        }
      }
      for (std::size_t k = first; k < flights.size(); ++k) {
        const Flight& f = flights[k];
        Jump j;
        if (k > first &&
            contact_s(flights[k - 1].landing, f.takeoff) <= method.jump.max_contact_s) {
          // A rebound: the velocity at touch-down is the previous flight's, mirrored.
          std::optional<double> v_td;
          if (const auto& prev = out.jumps.back(); prev.flight_time_s)
            v_td = -g * *prev.flight_time_s / 2.0;
          j = reboundJump(tr, flights[k - 1].landing, f, next_takeoff(k), w, v_td, method, involved,
                          "hop");
        } else {
          const std::size_t begin = k > 0 ? flights[k - 1].landing : 0;
          j = groundJump(tr, f, begin, next_takeoff(k), method, involved, fallback_mass_kg, "hop");
        }
        for (const auto& flag : flags) addFlag(j.quality_flags, flag);
        out.jumps.push_back(std::move(j));
      }
      out.hops = summarizeHops(out.jumps);
      break;
    }
  }
  if (out.jumps.empty()) {
    throw AnalysisError(method.jump.type == JumpType::Drop || method.jump.type == JumpType::Hops
                            ? "no jump found: no contact of at most " +
                                  std::to_string(method.jump.max_contact_s).substr(0, 4) +
                                  " s between two flights"
                            : "no jump found: the plates never went unloaded after standing");
  }
  return out;
}

bool Jump::cutByRecording() const {
  return std::find(quality_flags.begin(), quality_flags.end(), kCutByEndOfRecording) !=
         quality_flags.end();
}

}  // namespace holdfast::analysis
