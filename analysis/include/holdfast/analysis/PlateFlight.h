#pragma once
// When the plates carry nobody: flights between take-off and landing, and the plate's unloaded
// level. A plate need not read 0 N in the air (a drifting amplifier, a tare taken with a foot
// on it), so the unloaded level is measured in the flights and the take-off threshold is set
// above it: the threshold (20 N by default, or k SD of the unloaded plate) is then met at the
// same instant whatever the offset. Sources: docs/analysis.md, Jumps.

#include <cstddef>
#include <string>
#include <vector>

#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/JumpMethod.h"

namespace holdfast::analysis {

/// A stretch with nobody on the plates: [takeoff, landing) in samples.
struct Flight {
  std::size_t takeoff = 0;  ///< first unloaded sample (0: the recording starts unloaded)
  std::size_t landing = 0;  ///< first loaded sample again (size(): the recording ends unloaded)
  [[nodiscard]] bool startsTheRecording() const { return takeoff == 0; }
};

struct PlateUnloading {
  double offset_n = 0.0;     ///< the plate's reading in flight (median)
  double noise_sd_n = 0.0;   ///< its SD; 0 when no flight was long enough to measure it
  double threshold_n = 0.0;  ///< force below this is flight: offset + the method's margin
  bool measured = false;     ///< false: no flight long enough, offset taken as 0 N
  std::vector<Flight> flights;
};

/// Every flight of at least method.min_flight_s (a stretch at the start or the end of the
/// recording counts whatever its length: an export may end at take-off), with `dt` the
/// series' sample interval. Throws AnalysisError when the plates never carry anyone.
[[nodiscard]] PlateUnloading findFlights(const ForceSeries& total, const JumpMethod& method,
                                         double dt);

}  // namespace holdfast::analysis
