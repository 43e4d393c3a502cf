#pragma once
// What a simulated device says on the wire, protocol by protocol: how a force sample becomes
// bytes, and how the device answers the station's commands (Chronojump's start_capture: /
// end_capture: / tare: ..., Mark-10's "?" and unit commands, OpenScale's menu key). The pty,
// the pacing and the faults are PtySimulator's job; this class only encodes and answers.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "holdfast/wire/DeviceProtocol.h"

namespace holdfast::simulator {

struct DeviceModel {
  wire::Protocol protocol = wire::Protocol::Csv;
  int channels = 1;                ///< force channels (limbs / plates) from the scenario
  int cells_per_plate = 0;         ///< 4: each channel is a plate whose load is split over 4 cells
  double plate_width_mm = 400.0;   ///< cell x positions at +-width/2
  double plate_length_mm = 600.0;  ///< cell y positions at +-length/2
  bool float_newtons = false;      ///< holdfast-binary: float32 N instead of int32 counts
  bool send_descriptor = true;     ///< holdfast-binary int32: the device descriptor, every 100 ms
  double counts_per_n = 1000.0;    ///< holdfast-binary int32 and OpenScale raw: ADC gain
  double zero_counts = 12000.0;    ///< ADC reading with no load
};

/// One unit of output: the bytes, and what the sent log says of them once they are out.
struct DeviceRecord {
  std::string bytes;
  std::string log;  ///< a sample: its values as text; empty: not a sample (reply, banner)
  /// Where the sample's own bytes start (after a holdfast-binary descriptor sent before it):
  /// a fault that drops a byte of the sample drops one of these.
  std::size_t sample_offset = 0;
};

class SimulatedDevice {
 public:
  explicit SimulatedDevice(DeviceModel model);

  [[nodiscard]] const DeviceModel& model() const { return model_; }
  /// Channels on the wire (cells count separately).
  [[nodiscard]] int wireChannels() const;
  /// True when the device sends samples on its own (false: before start_capture:, polled).
  [[nodiscard]] bool streaming() const;

  /// What the device prints when it powers up (the OpenScale banner; a csv header).
  [[nodiscard]] std::vector<DeviceRecord> bootRecords() const;
  /// Power cycle: forgets the capture state and restarts its clock.
  void reboot();

  /// Encodes the sample taken at time t (s since power-up) with plate/limb forces `forces`.
  /// Plates of cells take each plate's centre of pressure from `plate_cop` (x, y mm) when
  /// given (a balance scenario's sway), else a slow postural sway of a few centimetres.
  [[nodiscard]] DeviceRecord encodeSample(
      std::uint64_t index, double t, const std::vector<double>& forces,
      const std::vector<std::array<double, 2>>* plate_cop = nullptr);

  /// Bytes from the station. Replies (and, for a polled gauge, the reading) are appended to
  /// `out`; `forces` is the load at this moment.
  void onInput(std::string_view bytes, double t, const std::vector<double>& forces,
               std::vector<DeviceRecord>& out);

  /// Load on each cell of a plate whose centre of pressure is at (x, y) mm, cells ordered
  /// front-left, front-right, back-left, back-right (x = +-w/2, y = +-l/2). Bilinear split,
  /// so that sum(F_i) = F and sum(F_i x_i) / F = x.
  [[nodiscard]] static std::vector<double> splitOverCells(double force, double x_mm, double y_mm,
                                                          double width_mm, double length_mm);

 private:
  void chronojumpCommand(std::string_view command, std::string_view argument, double t,
                         const std::vector<double>& forces, std::vector<DeviceRecord>& out);
  void mark10Command(std::string_view command, double t, const std::vector<double>& forces,
                     std::vector<DeviceRecord>& out);
  [[nodiscard]] std::vector<double> wireValues(
      double t, const std::vector<double>& forces,
      const std::vector<std::array<double, 2>>* plate_cop) const;

  DeviceModel model_;
  bool capturing_ = false;
  double capture_start_s = 0.0;
  double tare_n_ = 0.0;
  double calibration_factor_ = 1.0;
  bool menu_open_ = false;
  std::string_view mark10_unit_ = "N";  // always a literal
  std::string input_;                   ///< command bytes not yet complete
};

}  // namespace holdfast::simulator
