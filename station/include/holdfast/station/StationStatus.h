#pragma once
// The words the live screen shows about the device and the session: the counters line, the
// loss banner while recording, what the last trial lost, and which step comes next.

#include <QString>
#include <string>
#include <utility>
#include <vector>

#include "holdfast/daq/AcquisitionStats.h"
#include "holdfast/method/TestDefinition.h"

namespace holdfast::station {

/// "Device X | 1000 Hz | 123 samples | 0 gaps (0 missing) | ..." for the status line.
[[nodiscard]] QString deviceStatsText(const daq::AcquisitionStats& stats, const QString& device);
/// What the current recording lost (gaps, overflows, reconnects), or "" when nothing.
[[nodiscard]] QString recordingLossText(const daq::AcquisitionStats& stats);
/// What a finished trial lost, shown until the next one, or "" when nothing.
[[nodiscard]] QString trialLossText(const daq::AcquisitionStats& stats);
/// The live cue of a critical-force test: "Rep 3 of 24:  PULL  5 s", "... done:  rest  2 s".
[[nodiscard]] QString repCue(const method::RepSchedule& reps, double in_recording);
/// "Left - trial 2 of 3", or the end of the list.
[[nodiscard]] QString stepText(const std::vector<method::TestStep>& steps, std::size_t step,
                               int trials_per_side);

}  // namespace holdfast::station
