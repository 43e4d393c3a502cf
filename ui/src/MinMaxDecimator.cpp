#include "holdfast/ui/MinMaxDecimator.h"

#include <algorithm>
#include <cmath>

namespace holdfast::ui {

void decimateMinMax(std::span<const double> x, std::span<const double> y, double x0, double x1,
                    std::size_t columns, std::vector<std::pair<double, double>>& out) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n == 0 || columns == 0 || !(x1 > x0)) return;
  const double width = (x1 - x0) / static_cast<double>(columns);
  std::size_t i = static_cast<std::size_t>(
      std::lower_bound(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n), x0) - x.begin());
  while (i < n && x[i] <= x1) {
    const auto column = static_cast<std::size_t>(
        std::min<double>(static_cast<double>(columns - 1), std::floor((x[i] - x0) / width)));
    const double column_end = x0 + width * static_cast<double>(column + 1);
    std::size_t lo = i, hi = i;
    std::size_t j = i + 1;
    for (; j < n && x[j] <= x1 && (x[j] < column_end || column == columns - 1); ++j) {
      if (y[j] < y[lo]) lo = j;
      if (y[j] > y[hi]) hi = j;
    }
    const std::size_t first = std::min(lo, hi), second = std::max(lo, hi);
    out.emplace_back(x[first], y[first]);
    if (second != first) out.emplace_back(x[second], y[second]);
    i = j;
  }
}

}  // namespace holdfast::ui
