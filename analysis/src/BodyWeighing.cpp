#include "holdfast/analysis/BodyWeighing.h"

#include <cmath>

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

}  // namespace

std::optional<BodyWeighing> weighStanding(const ForceSeries& force, std::size_t begin,
                                          std::size_t end, const AnalysisMethod& method) {
  if (end > force.size()) end = force.size();
  if (end <= begin + 2) return std::nullopt;
  const ForceSeries part{force.time_s.subspan(begin, end - begin),
                         force.force_n.subspan(begin, end - begin)};
  const double limit = method.movement_sd_limit_n;
  // The quietest window of the full length anywhere in the range...
  std::optional<BodyWeighing> full;
  try {
    const Baseline b = quietestWindowBaseline(part, method.baseline.window_s, part.size());
    if (!(b.mean_n > 50.0)) return std::nullopt;
    full = fromBaseline(b, begin, "quietest window", limit);
    if (!full->not_still) return full;
  } catch (const AnalysisError&) {
    // Shorter than the window: the standing is weighed on what there is, below.
  }
  // ...else the standing is short (an export trimmed close to the jump): windows anchored at the
  // start of the range, halved down to the shortest weighing, the first still one. (A window
  // anywhere would find the slow part of a dip, still but not standing.)
  const double dt = medianSampleInterval(part);
  for (double window = method.baseline.window_s / 2.0;; window /= 2.0) {
    window = std::max(window, method.jump.min_weighing_s);
    const auto n = static_cast<std::size_t>(std::llround(window / dt));
    if (n >= 2 && n <= part.size()) {
      const double t0 = part.time_s.front();
      const Baseline b = fixedWindowBaseline(part, t0, part.time_s[n - 1]);
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
