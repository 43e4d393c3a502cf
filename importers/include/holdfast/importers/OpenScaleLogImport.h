#pragma once
// A SparkFun OpenScale log: what the board prints on its serial line, captured to a file (a
// terminal log, or the board's own logging). It is read by the very parser that reads the live
// device (daq's OpenScaleParser), so a log and a live recording give the same numbers. Weights
// in kg or lbs become newtons (standard gravity). Without a millis column, give the rate.

#include <optional>
#include <string>

#include "holdfast/importers/CsvRecording.h"

namespace holdfast::importers {

/// Throws store::StoreError (no readings, no time without a rate, time not increasing).
[[nodiscard]] importers::CsvRecording parseOpenScaleLog(const std::string& text,
                                                        std::optional<double> rate_hz);

}  // namespace holdfast::importers
