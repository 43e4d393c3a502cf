#include "holdfast/analysis/ForceSeries.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "Scans.h"

namespace holdfast::analysis {

void validateForceSeries(const ForceSeries& series, std::size_t min_samples) {
  if (series.time_s.size() != series.force_n.size()) {
    throw AnalysisError("time and force have different lengths (" +
                        std::to_string(series.time_s.size()) + " vs " +
                        std::to_string(series.force_n.size()) + ")");
  }
  if (series.size() < min_samples) {
    throw AnalysisError("recording too short: " + std::to_string(series.size()) +
                        " samples, at least " + std::to_string(min_samples) + " needed");
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!std::isfinite(series.force_n[i])) {
      throw AnalysisError("force sample " + std::to_string(i) + " is not a finite number");
    }
    if (!std::isfinite(series.time_s[i])) {
      throw AnalysisError("time of sample " + std::to_string(i) + " is not a finite number");
    }
    if (i > 0 && !(series.time_s[i] > series.time_s[i - 1])) {
      throw AnalysisError("time does not increase at sample " + std::to_string(i));
    }
  }
}

double medianSampleInterval(const ForceSeries& series) {
  if (series.size() < 2) throw AnalysisError("at least two samples are needed for a sample rate");
  // At most 4097 intervals spread over the recording: the median of a long recording does not
  // need all of them.
  const std::size_t intervals = series.size() - 1;
  const std::size_t stride = std::max<std::size_t>(1, intervals / 4096);
  // A clock's intervals usually take a few values (the period and its rounding neighbours; 12
  // in a simulated 6 s trial at 1 kHz): counted in a small hash table, the median is read from
  // the counts, bit for bit the value nth_element selects, without the selection (a twentieth
  // of a batch over short trials). Jittered host times have many values: counting stops at
  // the seventeenth and the selection runs.
  constexpr std::size_t kMostValues = 16, kSlots = 64;
  std::uint64_t key[kSlots];
  std::uint32_t count[kSlots] = {};
  std::size_t distinct = 0, total = 0;
  bool counted = true;
  for (std::size_t i = 1; i < series.size(); i += stride) {
    const double d = series.time_s[i] - series.time_s[i - 1];
    const auto bits = std::bit_cast<std::uint64_t>(d);
    std::size_t slot = (bits * 0x9E3779B97F4A7C15ull) >> 58;  // Fibonacci hashing, 6 bits
    while (count[slot] != 0 && key[slot] != bits) slot = (slot + 1) % kSlots;
    if (count[slot] == 0) {
      if (distinct == kMostValues || std::isnan(d)) {  // too many values, or unordered
        counted = false;
        break;
      }
      key[slot] = bits;
      ++distinct;
    }
    ++count[slot];
    ++total;
  }
  if (counted) {
    // The values in ascending order (insertion: at most sixteen), then the middle position.
    std::size_t order[kMostValues], n = 0;
    for (std::size_t slot = 0; slot < kSlots; ++slot) {
      if (count[slot] == 0) continue;
      std::size_t m = n++;
      for (; m > 0 && std::bit_cast<double>(key[slot]) < std::bit_cast<double>(key[order[m - 1]]);
           --m)
        order[m] = order[m - 1];
      order[m] = slot;
    }
    std::size_t seen = 0;
    for (std::size_t j = 0; j < n; ++j) {
      seen += count[order[j]];
      if (seen > total / 2) return std::bit_cast<double>(key[order[j]]);
    }
  }
  std::vector<double> dt;
  dt.reserve(intervals / stride + 1);
  for (std::size_t i = 1; i < series.size(); i += stride) {
    dt.push_back(series.time_s[i] - series.time_s[i - 1]);
  }
  auto mid = dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2);
  std::nth_element(dt.begin(), mid, dt.end());
  return *mid;
}

std::size_t indexAtOrAfter(const ForceSeries& series, double t) {
  auto it = std::lower_bound(series.time_s.begin(), series.time_s.end(), t);
  return static_cast<std::size_t>(it - series.time_s.begin());
}

TimeBase inspectTimeBase(std::span<const double> time_s, std::size_t min_samples) {
  const std::size_t n = time_s.size();
  if (n < std::max<std::size_t>(min_samples, 2)) {
    throw AnalysisError("recording too short: " + std::to_string(n) + " samples, at least " +
                        std::to_string(std::max<std::size_t>(min_samples, 2)) + " needed");
  }
  const ForceSeries probe{time_s, time_s};
  TimeBase r;
  r.median_interval_s = medianSampleInterval(probe);
  const double hi_dt = 1.5 * r.median_interval_s, lo_dt = 0.5 * r.median_interval_s;
  const double* t = time_s.data();
  // The one pass over every time (Scans.h: also compiled for AVX2 and AVX-512, where it was
  // compute-bound: 1.0 -> 0.7 ms for an hour on AVX-512).
  const detail::IntervalRange intervals =
      detail::scanIntervals(time_s, detail::bestInstructionSet());
  const double min_dt = intervals.min_dt, max_dt = intervals.max_dt;
  const std::size_t bad =
      static_cast<std::size_t>(!intervals.finite) + static_cast<std::size_t>(!(min_dt > 0.0));
  const bool irregular = max_dt > hi_dt || min_dt < lo_dt;
  if (bad > 0) {
    for (std::size_t k = 0; k < n; ++k) {
      if (!std::isfinite(t[k]))
        throw AnalysisError("time of sample " + std::to_string(k) + " is not a finite number");
      if (k > 0 && !(t[k] > t[k - 1]))
        throw AnalysisError("time does not increase at sample " + std::to_string(k));
    }
  }
  r.irregular = irregular;
  return r;
}

SeriesInspection inspectForceSeries(const ForceSeries& series, std::size_t min_samples,
                                    const TimeBase* known_time, BlockExtremes* blocks) {
  if (series.time_s.size() != series.force_n.size() || series.size() < min_samples) {
    validateForceSeries(series, min_samples);  // throws with the precise message
  }
  const TimeBase time = known_time ? *known_time : inspectTimeBase(series.time_s, min_samples);
  SeriesInspection r;
  r.median_interval_s = time.median_interval_s;
  r.irregular = time.irregular;
  const ValueRange range = scanValueRange(series.force_n, blocks);
  if (!range.finite) validateForceSeries(series, min_samples);  // throws naming the sample
  r.min_force_n = range.low;
  r.max_force_n = range.high;
  return r;
}

double forceAt(const ForceSeries& s, double t, std::size_t& cursor) {
  const std::size_t n = s.size();
  if (cursor >= n) cursor = n - 1;
  while (cursor + 1 < n && s.time_s[cursor + 1] <= t) ++cursor;
  if (cursor + 1 >= n || s.time_s[cursor] >= t) return s.force_n[cursor];
  const double t0 = s.time_s[cursor], t1 = s.time_s[cursor + 1];
  const double w = (t - t0) / (t1 - t0);
  return s.force_n[cursor] + w * (s.force_n[cursor + 1] - s.force_n[cursor]);
}

namespace {

/// indexAtOrAfter(s, t) for a t at or after sample `from`: galloping from `from` (1, 2, 4, ...
/// samples ahead), then a binary search in the last step. A window that starts at an effort's
/// onset is found in one step instead of a search over the whole recording.
std::size_t indexAtOrAfterFrom(const ForceSeries& s, double t, std::size_t from) {
  const std::size_t n = s.size();
  if (from == 0) return indexAtOrAfter(s, t);  // no hint: one binary search of the whole
  if (from >= n || s.time_s[from] >= t) return std::min(from, n);
  std::size_t lo = from, step = 1;  // time_s[lo] < t
  while (lo + step < n && s.time_s[lo + step] < t) {
    lo += step;
    step *= 2;
  }
  const auto first = s.time_s.begin() + static_cast<std::ptrdiff_t>(lo) + 1;
  const auto last = s.time_s.begin() + static_cast<std::ptrdiff_t>(std::min(n, lo + step));
  const std::size_t found =
      static_cast<std::size_t>(std::lower_bound(first, last, t) - s.time_s.begin());
  return found;
}

}  // namespace

void integrateToEach(const ForceSeries& s, double t0, std::span<const double> ends, double offset_n,
                     std::size_t from, std::span<double> out) {
  const std::size_t n = s.size();
  std::size_t e = 0;
  for (; e < ends.size() && !(ends[e] > t0); ++e) out[e] = 0.0;
  if (e == ends.size()) return;
  const std::size_t at_t0 = indexAtOrAfterFrom(s, t0, std::min(from, n));
  std::size_t cursor = at_t0 > 0 ? at_t0 - 1 : 0;
  double prev_t = t0;
  double prev_f = forceAt(s, t0, cursor) - offset_n;
  double sum = 0.0;
  std::size_t i = at_t0;
  if (i < n && s.time_s[i] == t0) ++i;
  for (; e < ends.size(); ++e) {
    // The running sum up to the last sample before this end is the next end's running sum so
    // far: each integral is that sum plus its own interpolated last piece.
    const double t1 = ends[e];
    for (; i < n && s.time_s[i] < t1; ++i) {
      const double f = s.force_n[i] - offset_n;
      sum += 0.5 * (f + prev_f) * (s.time_s[i] - prev_t);
      prev_t = s.time_s[i];
      prev_f = f;
    }
    std::size_t end_cursor = i > 0 ? i - 1 : 0;
    const double f1 = forceAt(s, t1, end_cursor) - offset_n;
    out[e] = sum + 0.5 * (f1 + prev_f) * (t1 - prev_t);
  }
}

double integrate(const ForceSeries& s, double t0, double t1, double offset_n, std::size_t from) {
  double result = 0.0;
  integrateToEach(s, t0, std::span<const double>(&t1, 1), offset_n, from,
                  std::span<double>(&result, 1));
  return result;
}

}  // namespace holdfast::analysis
