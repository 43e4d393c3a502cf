#include "holdfast/results/BalanceAnalysis.h"

#include "holdfast/analysis/Plausibility.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string_view>

#include "holdfast/analysis/ButterworthFilter.h"
#include "holdfast/analysis/CentreOfPressure.h"
#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/analysis/StanceMonitor.h"

namespace holdfast::results {

namespace {

/// The plates of a trial: force channel i with COP columns 2i, 2i + 1 (x, y), in plate order
/// (left then right), as the recorder and the importer store them.
struct PlateColumns {
  const std::vector<double>* force = nullptr;
  const std::vector<double>* x = nullptr;
  const std::vector<double>* y = nullptr;
};

std::vector<PlateColumns> platesOf(const store::TrialRecord& trial) {
  std::vector<PlateColumns> plates;
  const std::size_t pairs = trial.cop_mm.size() / 2;
  for (std::size_t p = 0; p < pairs && p < trial.channels.size(); ++p) {
    plates.push_back({&trial.channels[p], &trial.cop_mm[2 * p], &trial.cop_mm[2 * p + 1]});
  }
  return plates;
}

double rateOf(const store::TrialRecord& trial) {
  if (trial.info.nominal_rate_hz > 0.0) return trial.info.nominal_rate_hz;
  if (trial.info.measured_rate_hz > 0.0) return trial.info.measured_rate_hz;
  const auto& t = trial.time_s;
  if (t.size() < 2 || !(t.back() > t.front())) return 0.0;
  return static_cast<double>(t.size() - 1) / (t.back() - t.front());
}

std::string fixed(double v, int decimals) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(decimals);
  os << v;
  return os.str();
}

}  // namespace

const std::vector<BalanceMetric>& balanceMetrics() {
  // The catalogue's sway metrics (the balance family but the load share, which is compared on
  // its own) and a single-leg stance's time to failure; each metric's direction is the
  // catalogue's.
  static const std::vector<BalanceMetric> list = [] {
    std::vector<BalanceMetric> l;
    for (const analysis::MetricInfo* m : analysis::metricsOf(analysis::MetricFamily::Balance)) {
      if (std::string_view(m->key) != analysis::metric::kMeanVerticalForce)
        l.push_back({m->key, m->lowerIsBetter()});
    }
    const analysis::MetricInfo& ttf = analysis::metricInfo(analysis::metric::kTimeToFailure);
    l.push_back({ttf.key, ttf.lowerIsBetter()});
    return l;
  }();
  return list;
}

std::optional<double> balanceValue(const BalanceTrial& b, const std::string& metric) {
  if (metric == analysis::metric::kTimeToFailure)
    return b.failure ? std::optional<double>(b.failure->time_to_failure_s) : std::nullopt;
  if (!b.sway) return std::nullopt;
  const analysis::SwayMetrics& s = *b.sway;
  if (metric == analysis::metric::kMeanVelocity) return s.mean_velocity_mm_per_s;
  if (metric == analysis::metric::kEllipseArea95) return s.ellipse_area_95_mm2;
  if (metric == analysis::metric::kPathLength) return s.path_length_mm;
  if (metric == analysis::metric::kRmsAp) return s.rms_ap_mm;
  if (metric == analysis::metric::kRmsMl) return s.rms_ml_mm;
  if (metric == analysis::metric::kMeanFrequency) return s.mean_frequency_hz;
  return std::nullopt;
}

BalanceTrial analyzeBalanceTrial(const store::TrialRecord& trial,
                                 const analysis::AnalysisMethod& method,
                                 std::optional<analysis::Limb> involved) {
  BalanceTrial b;
  b.trial = trial.info.number;
  // A stance is on both feet unless the trial names the one leg.
  b.side = trial.info.side == "left" || trial.info.side == "right" ? trial.info.side : "both";
  b.condition = trial.info.condition;
  b.surface = trial.info.surface;
  b.samples = trial.time_s.size();
  if (!trial.info.recovery_note.empty() && trial.info.included.empty()) {
    b.left_out =
        "interrupted and recovered (" + trial.info.recovery_note + "): not counted until included";
  }
  try {
    const std::vector<PlateColumns> plates = platesOf(trial);
    if (plates.empty()) {
      throw analysis::AnalysisError(
          "no centre of pressure in this trial: a balance test needs plates (4-cell plates, or "
          "a lab export with COP or moment columns)");
    }
    const double rate = rateOf(trial);
    if (!(rate > 0.0)) throw analysis::AnalysisError("the trial has no sampling rate");
    const std::size_t n = trial.time_s.size();
    std::vector<double> t(n);
    for (std::size_t i = 0; i < n; ++i) t[i] = trial.time_s[i] - trial.time_s.front();

    // Which COP is the stance's.
    analysis::CopColumns combined;
    std::span<const double> x, y;
    std::optional<std::size_t> stance_plate, other_plate;
    const bool one_foot = b.side == "left" || b.side == "right";
    if (one_foot && plates.size() == 2) {
      stance_plate = b.side == "left" ? 0 : 1;
      other_plate = 1 - *stance_plate;
      b.cop_source = b.side + " plate (the stance foot's)";
    } else if (plates.size() == 1) {
      stance_plate = 0;
      b.cop_source = "one plate";
    }
    if (stance_plate) {
      x = *plates[*stance_plate].x;
      y = *plates[*stance_plate].y;
    } else {
      const double pitch = trial.info.plate_pitch_mm.value_or(0.0);
      std::vector<analysis::PlateCop> parts;
      for (std::size_t p = 0; p < plates.size(); ++p) {
        const double offset = plates.size() == 2 ? (p == 0 ? -pitch / 2 : pitch / 2) : 0.0;
        parts.push_back({*plates[p].force, *plates[p].x, *plates[p].y, offset, 0.0});
      }
      combined = analysis::combinedCop(parts, analysis::kCopMinLoadN);
      x = combined.x_mm;
      y = combined.y_mm;
      b.cop_source = plates.size() == 2 ? "left and right plates combined" : "plates combined";
      if (plates.size() == 2 && !trial.info.plate_pitch_mm)
        b.quality_flags.push_back("plate_positions_from_the_file_frame");
    }

    // An imported plate export that did not say which axis is antero-posterior: the per-axis
    // values (rms_ap_mm, rms_ml_mm, range_*) rest on an assumption, said with every result.
    if (trial.info.protocol.rfind("import:", 0) == 0 && trial.info.axes_source.empty())
      b.quality_flags.push_back("ap_ml_axes_assumed");
    // What the import found implausible travels with every result of the trial.
    for (const std::string& f : trial.info.plausibility_flags) b.quality_flags.push_back(f);
    // A loaded COP off its plate cannot be true. Each plate's columns are centred on it when
    // there is one plate, or two whose pitch is known; a lab export's shared frame is not.
    if (trial.info.plate_width_mm && trial.info.plate_length_mm &&
        (plates.size() == 1 || trial.info.plate_pitch_mm)) {
      const analysis::PlateOutline outline{*trial.info.plate_width_mm, *trial.info.plate_length_mm};
      for (const PlateColumns& p : plates) {
        if (const auto flag = analysis::copOutsidePlateFlag(*p.force, *p.x, *p.y, outline)) {
          b.quality_flags.push_back(*flag);
          break;
        }
      }
    }
    // The window: the clinician's, else from the station's go (the first sample that arrived
    // after it) for the trial's planned duration (a busy machine may have ended it later),
    // else the whole; then the longest stretch with a COP inside it.
    analysis::SampleRange range;
    const analysis::SwayMethod& sway = method.sway;
    if (sway.window_start_s || sway.window_end_s) {
      range = analysis::stanceWindow(t, x, y, sway);
    } else {
      std::size_t from = 0, to = n;
      if (trial.info.cue_host_time_s && trial.host_time_s.size() == n) {
        const double cue = *trial.info.cue_host_time_s;
        while (from < n && !(trial.host_time_s[from] >= cue)) ++from;
        if (from >= n) throw analysis::AnalysisError("the recording ended before the go");
        // (A duration from a file is checked: longer than the recording, or not a positive
        // number, leaves the stance to the end.)
        const double planned = trial.info.planned_duration_s.value_or(0.0) * rate;
        if (planned > 0.0 && planned < static_cast<double>(n - from))
          to = from + static_cast<std::size_t>(std::llround(planned));
      }
      const auto sub = [&](std::span<const double> s) { return s.subspan(from, to - from); };
      range = analysis::stanceWindow(sub(t), sub(x), sub(y), sway);
      range.first += from;
      range.last += from;
      const std::size_t undefined = (to - from) - (range.last - range.first);
      if (undefined > 0)
        b.quality_flags.push_back("no_cop_for_" + std::to_string(undefined) +
                                  "_samples_outside_the_stance");
    }

    // Body weight over the stance's first second; the foot's plates.
    std::vector<double> total(n, 0.0);
    for (const PlateColumns& p : plates) {
      for (std::size_t i = 0; i < n; ++i) total[i] += (*p.force)[i];
    }
    {
      const std::size_t second =
          std::min(range.last, range.first + static_cast<std::size_t>(std::lround(rate)));
      double sum = 0.0;
      for (std::size_t i = range.first; i < second; ++i) sum += total[i];
      if (second > range.first) b.body_weight_n = sum / static_cast<double>(second - range.first);
      if (b.body_weight_n)
        if (const auto flag = analysis::bodyWeightFlag(*b.body_weight_n))
          b.quality_flags.push_back(*flag);
    }

    if (one_foot && b.body_weight_n && *b.body_weight_n > 0.0) {
      const std::size_t len = range.last - range.first;
      const auto part = [&](const std::vector<double>& v) {
        return std::span<const double>(v).subspan(range.first, len);
      };
      const auto& stance_force = stance_plate ? *plates[*stance_plate].force : total;
      analysis::StanceFailure f = analysis::singleLegStanceFailure(
          part(t), part(stance_force),
          other_plate ? part(*plates[*other_plate].force) : std::span<const double>(),
          x.subspan(range.first, len), y.subspan(range.first, len), *b.body_weight_n, std::nullopt,
          sway.touch_down_percent, sway.touch_down_min_s);
      if (f.failed) {
        b.quality_flags.push_back("stance_ended_by_" + f.cause + "_at_" +
                                  fixed(t[range.first + f.index], 2) + "_s");
        f.index += range.first;
        range.last = f.index;
      }
      b.failure = f;
    }

    const std::size_t len = range.last - range.first;
    if (b.failure && b.failure->failed && static_cast<double>(len) / rate < sway.min_stance_s) {
      // The foot came down too soon for sway to mean anything: the time to failure is the
      // result (as a hold that fails at once), not an error.
      b.quality_flags.push_back("stance_too_short_for_sway");
      return b;
    }
    // The stance's COP, low-passed once when the method says so: the metrics and the drawn
    // path are of the same samples.
    std::vector<double> px(x.begin() + static_cast<std::ptrdiff_t>(range.first),
                           x.begin() + static_cast<std::ptrdiff_t>(range.last));
    std::vector<double> py(y.begin() + static_cast<std::ptrdiff_t>(range.first),
                           y.begin() + static_cast<std::ptrdiff_t>(range.last));
    if (method.filter.kind == analysis::FilterMethod::Kind::Butterworth &&
        static_cast<double>(len) / rate >= sway.min_stance_s) {  // else swayMetrics says why
      const auto c =
          analysis::butterworthLowPass(method.filter.order, method.filter.cutoff_hz, rate);
      px = analysis::filtfilt(c, px);
      py = analysis::filtfilt(c, py);
    }
    b.sway = analysis::swayMetrics(px, py, rate, sway, analysis::FilterMethod{}, t[range.first]);
    const std::size_t step = std::max<std::size_t>(1, (len + 1999) / 2000);
    for (std::size_t i = 0; i < len; i += step) b.path_mm.emplace_back(px[i], py[i]);
    if (method.filter.kind == analysis::FilterMethod::Kind::Butterworth)
      b.quality_flags.push_back("cop_low_pass_filtered");

    if (!one_foot && plates.size() == 2) {
      double left = 0.0, right = 0.0;
      for (std::size_t i = range.first; i < range.last; ++i) {
        left += (*plates[0].force)[i];
        right += (*plates[1].force)[i];
      }
      left /= static_cast<double>(len);
      right /= static_cast<double>(len);
      if (left + right > 0.0) {
        b.load_share_left_percent = 100.0 * left / (left + right);
        b.load_share_right_percent = 100.0 * right / (left + right);
      }
      if (left > 0.0 && right > 0.0)
        b.load_asymmetry = analysis::compareLimbs(left, right, involved, method.asymmetry);
    }
  } catch (const analysis::AnalysisError& e) {
    b.error = e.what();
  }
  return b;
}

}  // namespace holdfast::results
