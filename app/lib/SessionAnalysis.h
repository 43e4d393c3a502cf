#pragma once
// Runs the analysis library over a stored session: one entry per trial and side (a two-plate
// trial gives a left and a right entry), and the left/right comparison of the best peaks.
// Shared by `holdfast analyze` and the station so both show the same numbers.

#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/LimbAsymmetry.h"
#include "holdfast/analysis/MaximalEffort.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::app {

struct ChannelAnalysis {
  int trial = 0;
  std::string side;  ///< "left", "right", or the trial's side when it names no limb
  std::size_t channel = 0;
  std::string channel_name;
  std::size_t samples = 0;
  double sample_rate_hz = 0.0;
  std::optional<analysis::MaximalEffort> effort;
  std::string error;  ///< why the analysis failed, when it did
};

struct SessionAnalysis {
  analysis::MaximalEffortMethod method;
  std::vector<ChannelAnalysis> entries;
  std::optional<analysis::LimbAsymmetry> peak_force_asymmetry;  ///< best left vs best right
  [[nodiscard]] bool anyFailed() const;
};

/// The limb each channel of a trial belongs to: "both" with two channels is left then right.
[[nodiscard]] std::string channelSide(const store::TrialInfo& trial, std::size_t channel,
                                      std::size_t channel_count);

[[nodiscard]] SessionAnalysis analyzeSession(const store::SessionRecord& session,
                                             const analysis::MaximalEffortMethod& method);

}  // namespace holdfast::app
