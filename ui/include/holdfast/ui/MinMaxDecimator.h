#pragma once
// Reduces a trace to at most two points per pixel column (the lowest and the highest sample in
// the column, in time order), so a 1 kHz minute draws as ~2 x width points and still shows
// every peak; taking every Nth sample would hide them. Plain C++: testable without a display.

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace holdfast::ui {

/// Appends (x, y) points to `out` for samples with x in [x0, x1], over `columns` columns.
/// x must be increasing. Each column contributes its min and max (one point if they coincide).
void decimateMinMax(std::span<const double> x, std::span<const double> y, double x0, double x1,
                    std::size_t columns, std::vector<std::pair<double, double>>& out);

}  // namespace holdfast::ui
