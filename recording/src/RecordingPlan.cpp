#include "holdfast/recording/RecordingPlan.h"

#include "holdfast/registry/CalibrationStore.h"

#include <stdexcept>

namespace holdfast::recording {

RecordingPlan resolveRecordingPlan(const std::vector<wire::ChannelInfo>& channels,
                                   const RecordingOptions& options) {
  if (channels.empty()) throw std::invalid_argument("the device announced no channels");
  RecordingPlan plan;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    wire::ChannelCalibration c = wire::defaultCalibration(channels[i]);
    if (options.stored && options.stored->channels.size() == channels.size()) {
      const wire::ChannelCalibration& s = options.stored->channels[i];
      if (s.raw_unit == channels[i].unit) {
        c = s;
        c.channel = channels[i].name;
      } else {
        plan.warnings.push_back("stored calibration of " + channels[i].name + " is for " +
                                s.raw_unit + " but the device sends " + channels[i].unit +
                                "; using the default");
      }
    }
    plan.calibration.push_back(c);
  }

  std::vector<std::string> sides;
  if (options.side == "both") {
    sides = {"left", "right"};
  } else {
    sides = {options.side};
  }
  if (options.plates > 0) {
    if (channels.size() < 4 * options.plates) {
      throw std::invalid_argument(std::to_string(options.plates) + " plate(s) of 4 cells need " +
                                  std::to_string(4 * options.plates) +
                                  " channels; the device has " + std::to_string(channels.size()));
    }
    std::vector<std::string> names;
    if (options.plates == sides.size()) {
      names = sides;
    } else if (options.plates == 2) {
      names = {"left", "right"};  // one foot on each plate, whichever leg the trial is of
    } else {
      for (std::size_t p = 0; p < options.plates; ++p)
        names.push_back("plate" + std::to_string(p + 1));
    }
    plan.layout = wire::ForceLayout::fourCellPlates(options.plates, names, options.plate_width_mm,
                                                    options.plate_length_mm);
    plan.plate_width_mm = options.plate_width_mm;
    plan.plate_length_mm = options.plate_length_mm;
    if (options.plates == 2)
      plan.plate_pitch_mm =
          options.plate_pitch_mm > 0.0 ? options.plate_pitch_mm : options.plate_width_mm;
    for (const std::string& n : names) {
      plan.cop_names.push_back(n + "_cop_x_mm");
      plan.cop_names.push_back(n + "_cop_y_mm");
    }
  } else {
    std::vector<std::size_t> sources;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      if (!channels[i].is_force) continue;
      sources.push_back(i);
      names.push_back(channels[i].name);
    }
    if (sources.empty()) throw std::invalid_argument("the device sends no force channel");
    plan.layout = wire::ForceLayout::perChannel(sources, names);
  }
  for (std::size_t i = 0; i < channels.size(); ++i) {
    if (!plan.calibration[i].calibrated() && channels[i].is_force) {
      plan.warnings.push_back(channels[i].name +
                              " sends uncalibrated ADC counts: its force_n column is in counts "
                              "until `holdfast calibrate` is run for this device");
    }
  }
  return plan;
}

std::string calibrationJson(const RecordingPlan& plan) {
  return registry::calibrationRecordJson(plan.calibration, plan.layout.describe());
}

}  // namespace holdfast::recording
