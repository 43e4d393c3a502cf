#pragma once
// What the live screen draws: the last seconds of every force channel and of each plate's
// centre of pressure on one display clock, continuous across the engines of monitoring and
// recording (each trial clock starts again at its first sample), plus a running mean of each
// raw channel for the tare. Pure data, filled on the GUI tick from the engine's display ring.

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "holdfast/wire/Frame.h"

namespace holdfast::station {

class LiveTraceBuffer {
 public:
  /// `history_s`: what the force traces keep; `cop_history_s`: what the COP trail keeps.
  explicit LiveTraceBuffer(double history_s = 12.0, double cop_history_s = 1.0);

  /// A new engine whose start lies `offset_s` after the session's start on the display clock:
  /// its trial clock is rebased at its first frame.
  void newEngine(double offset_s);
  /// Forgets the picture: `forces` force channels, `plates` COP trails, `raw` raw channels.
  void reset(std::size_t forces, std::size_t plates, std::size_t raw);
  /// Keeps the picture (the same layout on a new engine); the raw means follow `raw` channels.
  void keepPicture(std::size_t raw);
  /// Forgets the samples (after a tare), keeping the layout.
  void clearSamples();

  /// Appends one frame: its forces (one per force channel) and COP (x, y per plate). Returns
  /// the frame's time on the display clock.
  double append(const wire::Frame& frame, const double* force, const double* cop);
  /// Drops what is older than the history.
  void trim();

  [[nodiscard]] const std::vector<double>& time() const { return time_; }
  [[nodiscard]] const std::vector<std::vector<double>>& force() const { return force_; }
  [[nodiscard]] const std::vector<std::vector<std::pair<double, double>>>& cop() const {
    return cop_;
  }
  /// Exponential mean of each raw channel over about half a second (1 kHz).
  [[nodiscard]] const std::vector<double>& rawMeans() const { return raw_mean_; }
  [[nodiscard]] bool empty() const { return time_.empty(); }

 private:
  double history_s_, cop_history_s_;
  double engine_offset_s_ = 0.0;
  std::optional<double> engine_first_time_s_;  ///< trial clock minus display clock
  std::vector<double> time_;
  std::vector<std::vector<double>> force_;
  std::vector<double> cop_time_;
  std::vector<std::vector<std::pair<double, double>>> cop_;
  std::vector<double> raw_mean_;
};

}  // namespace holdfast::station
