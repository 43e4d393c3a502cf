#include "holdfast/analysis/Baseline.h"

#include <cmath>
#include <limits>
#include <vector>

namespace holdfast::analysis {
namespace {

Baseline windowStats(const ForceSeries& s, std::size_t first, std::size_t last,
                     std::string method) {
  const std::size_t n = last - first + 1;
  double sum = 0.0;
  for (std::size_t i = first; i <= last; ++i) sum += s.force_n[i];
  const double mean = sum / static_cast<double>(n);
  double ss = 0.0;
  for (std::size_t i = first; i <= last; ++i) ss += (s.force_n[i] - mean) * (s.force_n[i] - mean);
  Baseline b;
  b.mean_n = mean;
  b.sd_n = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
  b.start_s = s.time_s[first];
  b.end_s = s.time_s[last];
  b.first_index = first;
  b.last_index = last;
  b.method = std::move(method);
  return b;
}

}  // namespace

Baseline quietestWindowBaseline(const ForceSeries& series, double window_s, std::size_t search_end,
                                double median_interval_s) {
  if (!(window_s > 0.0)) throw AnalysisError("baseline window must be longer than 0 s");
  if (search_end > series.size()) search_end = series.size();
  // Sliding sums of (F - F0) and (F - F0)^2: shifting by the first sample keeps the variance
  // computation well conditioned for loads of several hundred newtons.
  const double shift = series.size() > 0 ? series.force_n[0] : 0.0;
  std::vector<double> s1(search_end + 1, 0.0), s2(search_end + 1, 0.0);
  for (std::size_t i = 0; i < search_end; ++i) {
    const double d = series.force_n[i] - shift;
    s1[i + 1] = s1[i] + d;
    s2[i + 1] = s2[i] + d * d;
  }
  // The window is a fixed number of samples: window_s at the median sample interval.
  const double dt = median_interval_s > 0.0 ? median_interval_s : medianSampleInterval(series);
  const auto n = static_cast<std::size_t>(std::llround(window_s / dt));
  if (n < 2 || n > search_end) {
    throw AnalysisError("no quiet window of " + std::to_string(window_s) +
                        " s fits before the effort");
  }
  double best_var = std::numeric_limits<double>::infinity();
  std::size_t best_first = 0;
  for (std::size_t first = 0; first + n <= search_end; ++first) {
    const double a = s1[first + n] - s1[first];
    const double b = s2[first + n] - s2[first];
    const double var = (b - a * a / static_cast<double>(n)) / static_cast<double>(n - 1);
    if (var < best_var) {
      best_var = var;
      best_first = first;
    }
  }
  const std::size_t best_last = best_first + n - 1;
  return windowStats(series, best_first, best_last, "quietest-window");
}

Baseline fixedWindowBaseline(const ForceSeries& series, double start_s, double end_s) {
  if (!(end_s > start_s)) throw AnalysisError("baseline window end must be after its start");
  const std::size_t first = indexAtOrAfter(series, start_s);
  std::size_t last = indexAtOrAfter(series, end_s);
  if (last == series.size() || series.time_s[last] > end_s) {
    if (last == 0) throw AnalysisError("baseline window lies before the recording");
    --last;
  }
  if (first >= series.size() || last <= first) {
    throw AnalysisError("baseline window holds fewer than 2 samples");
  }
  return windowStats(series, first, last, "fixed-window");
}

}  // namespace holdfast::analysis
