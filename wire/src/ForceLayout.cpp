#include "holdfast/wire/ForceLayout.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace holdfast::wire {

ForceLayout ForceLayout::perChannel(std::vector<std::size_t> sources,
                                    std::vector<std::string> names) {
  if (sources.empty() || sources.size() != names.size()) {
    throw std::invalid_argument("one name per force channel is needed");
  }
  ForceLayout layout;
  layout.sources_ = std::move(sources);
  layout.names_ = std::move(names);
  return layout;
}

ForceLayout ForceLayout::fourCellPlates(std::size_t plates, std::vector<std::string> names,
                                        double width_mm, double length_mm) {
  if (plates < 1 || plates > 4 || names.size() != plates) {
    throw std::invalid_argument("1 to 4 plates, one name each");
  }
  if (!(width_mm > 0.0 && length_mm > 0.0)) throw std::invalid_argument("plate size must be > 0");
  ForceLayout layout;
  layout.names_ = std::move(names);
  const double a = width_mm / 2.0;
  const double b = length_mm / 2.0;
  for (std::size_t p = 0; p < plates; ++p) {
    PlateDefinition plate;
    plate.name = layout.names_[p];
    for (std::size_t i = 0; i < 4; ++i) plate.cells[i] = 4 * p + i;
    plate.x_mm = {-a, a, -a, a};
    plate.y_mm = {b, b, -b, -b};
    layout.plates_.push_back(plate);
  }
  return layout;
}

std::size_t ForceLayout::rawChannelsNeeded() const {
  std::size_t needed = 0;
  for (std::size_t s : sources_) needed = std::max(needed, s + 1);
  for (const auto& p : plates_) {
    for (std::size_t c : p.cells) needed = std::max(needed, c + 1);
  }
  return needed;
}

std::string ForceLayout::describe() const {
  std::ostringstream os;
  if (plates_.empty()) {
    os << "per-channel";
  } else {
    os << plates_.size() << " plate(s) of 4 cells; cells at x,y mm:";
    const auto& p = plates_.front();
    for (std::size_t i = 0; i < 4; ++i) os << " (" << p.x_mm[i] << "," << p.y_mm[i] << ")";
    os << "; COP undefined below " << min_cop_load_n << " N";
  }
  return os.str();
}

void ForceLayout::apply(const Frame& frame, const std::vector<ChannelCalibration>& calibration,
                        double* force, double* cop) const {
  auto calibrated = [&](std::size_t raw) { return calibration[raw].newtons(frame.values[raw]); };
  if (plates_.empty()) {
    for (std::size_t i = 0; i < sources_.size(); ++i) force[i] = calibrated(sources_[i]);
    return;
  }
  for (std::size_t p = 0; p < plates_.size(); ++p) {
    const PlateDefinition& plate = plates_[p];
    double total = 0.0, mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < 4; ++i) {
      const double f = calibrated(plate.cells[i]);
      total += f;
      mx += f * plate.x_mm[i];
      my += f * plate.y_mm[i];
    }
    force[p] = total;
    const bool defined = total >= min_cop_load_n;
    cop[2 * p] = defined ? mx / total : std::numeric_limits<double>::quiet_NaN();
    cop[2 * p + 1] = defined ? my / total : std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace holdfast::wire
