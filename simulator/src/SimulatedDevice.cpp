#include "holdfast/simulator/SimulatedDevice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>

#include "holdfast/wire/HoldfastFrame.h"

namespace holdfast::simulator {
namespace {

constexpr double kG = 9.80665;  // standard gravity, N per kgf
constexpr double kNewtonsPerLbf = 4.4482216152605;
constexpr double kPlatformCountsPerN = 10.0;  // Chronojump platform cells: 0.1 N per count

std::string format(const char* fmt, auto... args) {
  char buf[128];
  const int n = std::snprintf(buf, sizeof buf, fmt, args...);
  return std::string(buf, static_cast<std::size_t>(std::clamp(n, 0, 127)));
}

}  // namespace

SimulatedDevice::SimulatedDevice(DeviceModel model) : model_(model) {
  if (model_.cells_per_plate != 0 && model_.cells_per_plate != 4) {
    throw std::invalid_argument("cells per plate must be 0 or 4");
  }
  if (model_.protocol == wire::Protocol::ChronojumpPlatform) {
    model_.channels = 1;
    model_.cells_per_plate = 4;
  }
  if ((model_.protocol == wire::Protocol::Chronojump || model_.protocol == wire::Protocol::Mark10 ||
       model_.protocol == wire::Protocol::OpenScale) &&
      (model_.channels != 1 || model_.cells_per_plate != 0)) {
    throw std::invalid_argument(wire::describeProtocol(model_.protocol).name +
                                " devices have one channel and no cells");
  }
  if (wireChannels() > 16) throw std::invalid_argument("at most 16 channels on the wire");
}

int SimulatedDevice::wireChannels() const {
  return model_.channels * (model_.cells_per_plate == 4 ? 4 : 1);
}

bool SimulatedDevice::streaming() const {
  switch (model_.protocol) {
    case wire::Protocol::Chronojump:
      return capturing_;
    case wire::Protocol::Mark10:
      return false;
    case wire::Protocol::OpenScale:
      return !menu_open_;
    default:
      return true;
  }
}

void SimulatedDevice::reboot() {
  capturing_ = false;
  menu_open_ = false;
  tare_n_ = 0.0;
  input_.clear();
}

std::vector<DeviceRecord> SimulatedDevice::bootRecords() const {
  switch (model_.protocol) {
    case wire::Protocol::Csv: {
      std::string header = "time_s";
      const int n = wireChannels();
      for (int c = 0; c < n; ++c) {
        if (model_.cells_per_plate == 4) {
          header += format(",%s_cell%d_n", c / 4 == 0 ? "left" : "right", c % 4 + 1);
        } else if (n == 1) {
          header += ",force_n";
        } else if (n == 2) {
          header += c == 0 ? ",left_n" : ",right_n";
        } else {
          header += format(",ch%d_n", c + 1);
        }
      }
      return {{header + "\r\n", ""}};
    }
    case wire::Protocol::OpenScale:
      return {
          {"Serial Load Cell Converter version 1.0\r\nBy SparkFun Electronics\r\n"
           "No remote sensor found\r\nReadings:\r\n",
           ""}};
    default:
      return {};
  }
}

std::vector<double> SimulatedDevice::splitOverCells(double force, double x_mm, double y_mm,
                                                    double width_mm, double length_mm) {
  const double a = width_mm / 2.0;
  const double b = length_mm / 2.0;
  const double xs[4] = {-a, a, -a, a};
  const double ys[4] = {b, b, -b, -b};
  std::vector<double> cells(4);
  for (int i = 0; i < 4; ++i) {
    cells[static_cast<std::size_t>(i)] =
        force * 0.25 * (1.0 + x_mm * xs[i] / (a * a)) * (1.0 + y_mm * ys[i] / (b * b));
  }
  return cells;
}

std::vector<double> SimulatedDevice::wireValues(
    double t, const std::vector<double>& forces,
    const std::vector<std::array<double, 2>>* plate_cop) const {
  std::vector<double> wire;
  for (int c = 0; c < model_.channels; ++c) {
    const double f = forces[static_cast<std::size_t>(c)];
    if (model_.cells_per_plate != 4) {
      wire.push_back(f);
      continue;
    }
    // Postural sway of the centre of pressure: slow, a few centimetres (Prieto et al. 1996).
    const double phase = 1.3 * c;
    double x = 15.0 * std::sin(2 * std::numbers::pi * 0.3 * t + phase) +
               5.0 * std::sin(2 * std::numbers::pi * 1.1 * t);
    double y = 25.0 * std::sin(2 * std::numbers::pi * 0.2 * t + 1.0 + phase);
    if (plate_cop && static_cast<std::size_t>(c) < plate_cop->size()) {
      x = (*plate_cop)[static_cast<std::size_t>(c)][0];
      y = (*plate_cop)[static_cast<std::size_t>(c)][1];
    }
    for (double cell : splitOverCells(f, x, y, model_.plate_width_mm, model_.plate_length_mm)) {
      wire.push_back(cell);
    }
  }
  return wire;
}

DeviceRecord SimulatedDevice::encodeSample(std::uint64_t index, double t,
                                           const std::vector<double>& forces,
                                           const std::vector<std::array<double, 2>>* plate_cop) {
  const std::vector<double> wire = wireValues(t, forces, plate_cop);
  DeviceRecord r;
  switch (model_.protocol) {
    case wire::Protocol::Csv: {
      r.bytes = format("%.6f", t);
      for (double v : wire) r.bytes += format(",%.2f", v);
      r.bytes += "\r\n";
      r.log = r.bytes;
      break;
    }
    case wire::Protocol::Chronojump: {
      const auto micros =
          static_cast<unsigned long>(std::max(0LL, std::llround((t - capture_start_s) * 1e6))) &
          0xFFFFFFFFUL;
      r.bytes = format("%lu;%.2f\r\n", micros, (wire[0] - tare_n_) * calibration_factor_);
      r.log = r.bytes;
      break;
    }
    case wire::Protocol::ChronojumpPlatform: {
      const auto micros = static_cast<std::uint32_t>(std::llround(t * 1e6) & 0xFFFFFFFFLL);
      r.bytes.assign("\xFF\xFF\xFF\xFF", 4);
      for (int i = 0; i < 4; ++i) r.bytes.push_back(static_cast<char>((micros >> (8 * i)) & 0xFF));
      r.log = format("%u", micros);
      for (double v : wire) {
        const auto counts = static_cast<std::int16_t>(
            std::clamp(std::lround(v * kPlatformCountsPerN), -32768L, 32767L));
        const auto u = static_cast<std::uint16_t>(counts);
        r.bytes.push_back(static_cast<char>(u & 0xFF));
        r.bytes.push_back(static_cast<char>(u >> 8));
        r.log += format(",%d", counts);
      }
      r.log += "\n";
      break;
    }
    case wire::Protocol::OpenScale: {
      const auto millis = static_cast<unsigned long>(std::llround(t * 1e3));
      const double raw = std::round(model_.zero_counts + wire[0] * model_.counts_per_n);
      r.bytes = format("%lu,%.3f,kg,%.0f,\r\n", millis, wire[0] / kG, raw);
      r.log = r.bytes;
      break;
    }
    case wire::Protocol::HoldfastBinary: {
      std::vector<double> values = wire;
      if (!model_.float_newtons) {
        for (double& v : values) v = std::round(model_.zero_counts + v * model_.counts_per_n);
      }
      std::vector<char> frame;
      if (!model_.float_newtons && model_.send_descriptor && index % 100 == 0) {
        // What the counts are, said often enough that a host opening the port mid-stream
        // hears it within 100 samples.
        const std::vector<wire::ChannelScale> scales(
            values.size(), {wire::DescriptorUnit::Newton, model_.counts_per_n, model_.zero_counts});
        wire::encodeHoldfastDescriptor(scales, frame);
      }
      const auto micros = static_cast<std::uint64_t>(std::llround(t * 1e6));
      wire::encodeHoldfastFrame({static_cast<std::uint32_t>(index), micros,
                                 model_.float_newtons ? wire::SampleFormat::Float32Newtons
                                                      : wire::SampleFormat::Int32Counts,
                                 0, values},
                                frame);
      r.sample_offset = frame.size() - wire::holdfastFrameBytes(values.size());
      r.bytes.assign(frame.begin(), frame.end());
      r.log = format("%u,%llu", static_cast<std::uint32_t>(index),
                     static_cast<unsigned long long>(micros));
      for (double v : values) {
        r.log += model_.float_newtons ? format(",%.9g", static_cast<double>(static_cast<float>(v)))
                                      : format(",%.0f", v);
      }
      r.log += "\n";
      break;
    }
    case wire::Protocol::Mark10:
      break;  // polled: see onInput
  }
  return r;
}

void SimulatedDevice::onInput(std::string_view bytes, double t, const std::vector<double>& forces,
                              std::vector<DeviceRecord>& out) {
  if (model_.protocol == wire::Protocol::OpenScale) {
    for (char c : bytes) {
      if (c == 'x') {
        menu_open_ = !menu_open_;
        out.push_back({menu_open_ ? "\r\nSystem Configuration\r\n1) Tare scale to zero\r\n"
                                    "x) Exit\r\n>"
                                  : "\r\nReadings:\r\n",
                       ""});
      }
    }
    return;
  }
  if (model_.protocol != wire::Protocol::Chronojump && model_.protocol != wire::Protocol::Mark10)
    return;
  input_.append(bytes);
  if (input_.size() > 256) input_.erase(0, input_.size() - 256);  // never grows without bound
  if (model_.protocol == wire::Protocol::Mark10) {
    std::size_t cr;
    while ((cr = input_.find_first_of("\r\n")) != std::string::npos) {
      const std::string command = input_.substr(0, cr);
      input_.erase(0, cr + 1);
      if (!command.empty()) mark10Command(command, t, forces, out);
    }
    return;
  }
  // Chronojump: "command:" or "command:argument;" (Force_Sensor-0.6 serialEvent()).
  while (true) {
    const std::size_t colon = input_.find(':');
    if (colon == std::string::npos) return;
    std::string word = input_.substr(0, colon);
    word.erase(std::remove_if(word.begin(), word.end(),
                              [](char c) { return c == '\r' || c == '\n' || c == ' '; }),
               word.end());
    const bool takes_argument = word == "calibrate" || word == "set_tare" ||
                                word == "set_calibration_factor" || word == "set_bps";
    std::string argument;
    if (takes_argument) {
      const std::size_t semi = input_.find(';', colon);
      if (semi == std::string::npos) return;  // argument not complete yet
      argument = input_.substr(colon + 1, semi - colon - 1);
      input_.erase(0, semi + 1);
    } else {
      input_.erase(0, colon + 1);
    }
    chronojumpCommand(word, argument, t, forces, out);
  }
}

void SimulatedDevice::chronojumpCommand(std::string_view command, std::string_view argument,
                                        double t, const std::vector<double>& forces,
                                        std::vector<DeviceRecord>& out) {
  auto reply = [&](const std::string& text) { out.push_back({text + "\r\n", ""}); };
  if (command == "start_capture") {
    reply("Starting capture...");
    capturing_ = true;
    capture_start_s = t;
  } else if (command == "end_capture") {
    capturing_ = false;
    reply("Capture ended:");
  } else if (command == "get_version") {
    reply("Force_Sensor-0.6");
  } else if (command == "tare") {
    tare_n_ = forces.empty() ? 0.0 : forces[0];
    reply(format("Taring OK:%.0f", tare_n_ * 100.0));
  } else if (command == "get_tare") {
    reply(format("%.0f", tare_n_ * 100.0));
  } else if (command == "calibrate") {
    double kg = 0.0;
    try {
      kg = std::stod(std::string(argument));
    } catch (const std::exception&) {
      kg = 0.0;
    }
    const double measured = (forces.empty() ? 0.0 : forces[0]) - tare_n_;
    if (kg > 0.0 && measured > 0.0) calibration_factor_ = kg * kG / measured;
    reply(format("Calibrating OK:%.4f", calibration_factor_));
  } else if (command == "get_calibration_factor") {
    reply(format("%.4f", calibration_factor_));
  } else if (command == "get_transmission_format") {
    reply("text");
  } else if (command == "set_tare" || command == "set_calibration_factor" || command == "set_bps") {
    // accepted silently
  } else {
    reply("Not a valid command");
  }
}

void SimulatedDevice::mark10Command(std::string_view command, double t,
                                    const std::vector<double>& forces,
                                    std::vector<DeviceRecord>& out) {
  (void)t;
  if (command == "?") {
    const double f = forces.empty() ? 0.0 : forces[0];
    DeviceRecord r;
    if (mark10_unit_ == "lbF") {
      r.bytes = format("%.2f lbF\r\n", f / kNewtonsPerLbf);
    } else if (mark10_unit_ == "kgF") {
      r.bytes = format("%.3f kgF\r\n", f / kG);
    } else {
      r.bytes = format("%.3f N\r\n", f);
    }
    r.log = r.bytes;
    out.push_back(std::move(r));
  } else if (command == "N") {
    mark10_unit_ = "N";
  } else if (command == "LBF") {
    mark10_unit_ = "lbF";
  } else if (command == "KGF") {
    mark10_unit_ = "kgF";
  } else {
    out.push_back({"*10\r\n", ""});
  }
}

}  // namespace holdfast::simulator
