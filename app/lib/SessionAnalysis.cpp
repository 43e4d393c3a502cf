#include "SessionAnalysis.h"

#include <algorithm>

namespace holdfast::app {

bool SessionAnalysis::anyFailed() const {
  return std::any_of(entries.begin(), entries.end(),
                     [](const auto& e) { return !e.error.empty(); });
}

std::string channelSide(const store::TrialInfo& trial, std::size_t channel,
                        std::size_t channel_count) {
  if (trial.side == "both" && channel_count == 2) return channel == 0 ? "left" : "right";
  if (channel_count == 1) return trial.side.empty() ? "unspecified" : trial.side;
  return (trial.side.empty() ? "unspecified" : trial.side) + "/ch" + std::to_string(channel + 1);
}

SessionAnalysis analyzeSession(const store::SessionRecord& session,
                               const analysis::MaximalEffortMethod& method) {
  SessionAnalysis result;
  result.method = method;
  std::optional<double> mass = session.info.body_mass_kg;
  std::optional<double> best_left, best_right;
  for (const auto& trial : session.trials) {
    // Times relative to the first sample, so onsets read as "seconds into the trial".
    std::vector<double> t(trial.time_s.size());
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = trial.time_s[i] - trial.time_s.front();
    for (std::size_t c = 0; c < trial.channels.size(); ++c) {
      ChannelAnalysis entry;
      entry.trial = trial.info.number;
      entry.channel = c;
      entry.channel_name = trial.info.channel_names.at(c);
      entry.side = channelSide(trial.info, c, trial.channels.size());
      entry.samples = t.size();
      try {
        const analysis::ForceSeries series{t, trial.channels[c]};
        analysis::validateForceSeries(series, 3);
        entry.sample_rate_hz = 1.0 / analysis::medianSampleInterval(series);
        entry.effort = analysis::analyzeMaximalEffort(series, method, mass);
        const double peak = entry.effort->peak.force_n;
        if (entry.side == "left") best_left = std::max(best_left.value_or(peak), peak);
        if (entry.side == "right") best_right = std::max(best_right.value_or(peak), peak);
      } catch (const analysis::AnalysisError& e) {
        entry.error = e.what();
      }
      result.entries.push_back(std::move(entry));
    }
  }
  if (best_left && best_right && *best_left > 0.0 && *best_right > 0.0) {
    std::optional<analysis::Limb> involved;
    if (session.info.involved == "left") involved = analysis::Limb::Left;
    if (session.info.involved == "right") involved = analysis::Limb::Right;
    result.peak_force_asymmetry = analysis::compareLimbs(*best_left, *best_right, involved);
  }
  return result;
}

}  // namespace holdfast::app
