#include "holdfast/analysis/BodyWeighing.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "holdfast/analysis/Baseline.h"

namespace holdfast::analysis {
namespace {

BodyWeighing fromBaseline(const Baseline& b, std::size_t offset, std::string source,
                          double sd_limit) {
  BodyWeighing w;
  w.body_weight_n = b.mean_n;
  w.body_mass_kg = b.mean_n / kStandardGravity;
  w.sd_n = b.sd_n;
  w.start_s = b.start_s;
  w.end_s = b.end_s;
  w.first_index = b.first_index + offset;
  w.last_index = b.last_index + offset;
  w.source = std::move(source);
  w.not_still = b.sd_n > sd_limit;
  return w;
}

/// Sums of (f[i] - shift) and of its square over f[0, n): shifted by a sample of the window, the
/// variance from them stays well conditioned for loads of several hundred newtons.
std::pair<double, double> shiftedSums(const double* f, std::size_t n, double shift) {
  double s1 = 0.0, s2 = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = f[i] - shift;
    s1 += d;
    s2 += d * d;
  }
  return {s1, s2};
}

/// The start of the window of n samples with the lowest variance in f[0, size): sliding sums
/// of (F - F0) and its square (shifted by the first sample, for a well-conditioned variance),
/// compared as n (n - 1) var = n s2 - s1^2 without a division; the first of equal minima.
/// Kept apart so that the loop stays in registers (it reads every sample before a jump).
[[gnu::noinline]] std::size_t quietestStart(const double* f, std::size_t size, std::size_t n) {
  const double shift = f[0];
  auto [s1, s2] = shiftedSums(f, n, shift);
  const double dn = static_cast<double>(n);
  double best = dn * s2 - s1 * s1;
  std::size_t best_first = 0;
  for (std::size_t first = 1; first + n <= size; ++first) {
    const double out = f[first - 1] - shift, in = f[first + n - 1] - shift;
    s1 += in - out;
    s2 += (in - out) * (in + out);
    const double var = dn * s2 - s1 * s1;
    best_first = var < best ? first : best_first;
    best = var < best ? var : best;
  }
  return best_first;
}

}  // namespace

std::optional<BodyWeighing> weighStanding(const ForceSeries& force, std::size_t begin,
                                          std::size_t end, const AnalysisMethod& method,
                                          double dt) {
  if (end > force.size()) end = force.size();
  if (end <= begin + 2) return std::nullopt;
  const ForceSeries part{force.time_s.subspan(begin, end - begin),
                         force.force_n.subspan(begin, end - begin)};
  const double limit = method.movement_sd_limit_n;
  // The quietest window of the full length anywhere in the range: sliding sums of (F - F0)
  // and its square (shifted by the first sample, for a well-conditioned variance), no copy.
  std::optional<BodyWeighing> full;
  const auto n = static_cast<std::size_t>(std::llround(method.baseline.window_s / dt));
  if (n >= 2 && n <= part.size()) {
    const std::size_t best_first = quietestStart(part.force_n.data(), part.size(), n);
    // The window's own mean and SD, summed again in one pass (shifted by its first sample):
    // exact, whatever the running sums drifted.
    Baseline b;
    {
      const double* f = part.force_n.data() + best_first;
      const double shift = f[0];
      const auto [s1, s2] = shiftedSums(f, n, shift);
      const double dn = static_cast<double>(n);
      b.mean_n = shift + s1 / dn;
      b.sd_n = std::sqrt(std::max(0.0, (s2 - s1 * s1 / dn) / (dn - 1.0)));
      b.start_s = part.time_s[best_first];
      b.end_s = part.time_s[best_first + n - 1];
      b.first_index = best_first;
      b.last_index = best_first + n - 1;
      b.method = "quietest-window";
    }
    if (!(b.mean_n > 50.0)) return std::nullopt;
    full = fromBaseline(b, begin, "quietest window", limit);
    full->source = "quietest window";
    if (!full->not_still) return full;
  }
  // ...else the standing is short (an export trimmed close to the jump): windows anchored at the
  // start of the range, halved down to the shortest weighing, the first still one. (A window
  // anywhere would find the slow part of a dip, still but not standing.)
  for (double window = method.baseline.window_s / 2.0;; window /= 2.0) {
    window = std::max(window, method.jump.min_weighing_s);
    const auto m = static_cast<std::size_t>(std::llround(window / dt));
    if (m >= 2 && m <= part.size()) {
      const double t0 = part.time_s.front();
      const Baseline b = fixedWindowBaseline(part, t0, part.time_s[m - 1]);
      if (b.mean_n > 50.0) {
        BodyWeighing w = fromBaseline(b, begin, "quietest window", limit);
        w.source = "start of the standing";
        w.short_window = true;
        if (!w.not_still) return w;
      }
    }
    if (window <= method.jump.min_weighing_s) break;
  }
  return full;  // nothing still: the quietest full window, flagged as moving
}

BodyWeighing weighFixedWindow(const ForceSeries& force, const AnalysisMethod& method) {
  const double t0 = force.time_s.front();
  const Baseline b =
      fixedWindowBaseline(force, t0 + method.baseline.start_s, t0 + method.baseline.end_s);
  return fromBaseline(b, 0, "fixed window", method.movement_sd_limit_n);
}

BodyWeighing givenMass(double mass_kg, const std::optional<BodyWeighing>& standing) {
  BodyWeighing w;
  if (standing) w = *standing;
  w.body_mass_kg = mass_kg;
  w.body_weight_n = mass_kg * kStandardGravity;
  w.source = "given mass";
  w.not_still = false;
  w.short_window = false;
  return w;
}

}  // namespace holdfast::analysis
