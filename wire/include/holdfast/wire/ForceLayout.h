#pragma once
// How the raw channels of a device become the force channels that are analysed:
//   - per channel: each force-capable raw channel, calibrated, is one force channel (a single
//     sensor, or two plates / dynamometers as left and right);
//   - plates of four load cells: each plate's force is the sum of its calibrated cells, and its
//     centre of pressure is COPx = sum(F_i x_i) / sum(F_i), COPy likewise (e.g. Winter,
//     Biomechanics and Motor Control of Human Movement, ch. 5), undefined (NaN) below a
//     minimum load where it is only noise.
// Cell order on a plate: front-left, front-right, back-left, back-right, at x = -+w/2 and
// y = +-l/2 (mm, plate centre at 0). Pure code.

#include <array>
#include <string>
#include <vector>

#include "holdfast/wire/Calibration.h"
#include "holdfast/wire/Frame.h"

namespace holdfast::wire {

struct PlateDefinition {
  std::string name;                    ///< "left", "right", "plate"
  std::array<std::size_t, 4> cells{};  ///< raw channel of each cell
  std::array<double, 4> x_mm{};
  std::array<double, 4> y_mm{};
};

class ForceLayout {
 public:
  /// One force channel per raw channel in `sources`, named `names`.
  static ForceLayout perChannel(std::vector<std::size_t> sources, std::vector<std::string> names);
  /// `plates` plates of 4 cells each, raw channels 0..4*plates-1 in plate order.
  static ForceLayout fourCellPlates(std::size_t plates, std::vector<std::string> names,
                                    double width_mm, double length_mm);

  [[nodiscard]] const std::vector<std::string>& forceNames() const { return names_; }
  [[nodiscard]] std::size_t forceCount() const { return names_.size(); }
  [[nodiscard]] const std::vector<PlateDefinition>& plates() const { return plates_; }
  /// COP columns: x and y for each plate.
  [[nodiscard]] std::size_t copCount() const { return 2 * plates_.size(); }
  [[nodiscard]] std::size_t rawChannelsNeeded() const;
  [[nodiscard]] std::string describe() const;

  double min_cop_load_n = 20.0;

  /// Writes forceCount() newtons to `force` and copCount() millimetres to `cop`.
  void apply(const Frame& frame, const std::vector<ChannelCalibration>& calibration, double* force,
             double* cop) const;

 private:
  std::vector<std::string> names_;
  std::vector<std::size_t> sources_;  ///< per-channel mode
  std::vector<PlateDefinition> plates_;
};

}  // namespace holdfast::wire
