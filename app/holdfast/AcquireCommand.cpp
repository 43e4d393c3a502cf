#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "Commands.h"
#include "DeviceOptions.h"
#include "SessionOptions.h"
#include "TrialRecorder.h"
#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/daq/CalibrationStore.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& acquireSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("acquire", "Record one trial from a serial device into a session file.",
                  "holdfast acquire --port PATH --out FILE.h5 [--protocol P] [--duration S] "
                  "[--patient ID] [--test NAME] [--side left|right|both] [--involved left|right] "
                  "[--mass-kg X]");
    addDeviceOptions(s);
    s.option("out", "FILE.h5", "session file; an existing one gets the trial appended (required)")
        .option("duration", "S", "record S seconds (default: until Ctrl-C or the device is gone)")
        .option("side", "S",
                "limb of this trial: left, right, or both for two plates (default left)")
        .option("plates", "N",
                "the device's channels are N plates of 4 load cells (front-left, front-right, "
                "back-left, back-right): store each plate's force and centre of pressure")
        .option("plate-size", "WxL", "plate cell spacing in mm, width x length (default 400x600)");
    addSessionOptions(s);
    s.note(
        "Every sample is stored as the device sent it (raw, device_time_s) with the arrival\n"
        "time at the driver, and as calibrated force (force_n) with the calibration used.\n"
        "Rejected lines, bad frames, gaps, stalls, reconnects and overflows are counted and\n"
        "stored with the trial. If the link is lost the station reconnects (finding the\n"
        "device by serial number) and marks the gap. The file is written as FILE.h5.partial\n"
        "and renamed when the trial is complete, so an existing session is never put at risk.");
    return s;
  }();
  return spec;
}

namespace {

std::string stopReason(bool user, bool duration_over, const daq::AcquisitionEngine& engine) {
  if (engine.sinkError()) return "recording_failed";
  if (user) return "user_stop";
  if (duration_over) return "duration";
  return engine.stats().link_errors.load() > 0 ? "link_error" : "link_closed";
}

void parsePlateSize(const ParsedArgs& args, RecordingOptions& options) {
  const auto text = args.value("plate-size");
  if (!text) return;
  const std::size_t x = text->find('x');
  const auto w = x == std::string::npos ? std::nullopt : parseDouble(text->substr(0, x));
  const auto l = x == std::string::npos ? std::nullopt : parseDouble(text->substr(x + 1));
  if (!w || !l || !(*w >= 10 && *w <= 2000) || !(*l >= 10 && *l <= 2000)) {
    throw UsageError("--plate-size must be WIDTHxLENGTH in mm, 10-2000 each (got '" + *text + "')");
  }
  options.plate_width_mm = *w;
  options.plate_length_mm = *l;
}

}  // namespace

int runAcquire(const ParsedArgs& args) {
  daq::AcquisitionConfig config = deviceConfigFrom(args);
  const fs::path out = args.required("out");
  const std::optional<double> duration = args.number("duration", 0.1, 86400);
  RecordingOptions options;
  options.side = args.choice("side", {"left", "right", "both"}, "left");
  options.plates = static_cast<std::size_t>(args.integer("plates", 1, 4).value_or(0));
  parsePlateSize(args, options);
  if (options.side == "both" && options.plates == 1) {
    throw UsageError("--side both needs two plates (--plates 2) or a two-channel device");
  }
  const std::string protocol = daq::describeProtocol(config.protocol).name;

  checkOutputFolder(out);
  const std::string serial = deviceSerialFor(args, config.port);
  config.usb_serial = serial;  // a reconnect looks for it; falls back to --port
  if (!serial.empty()) {
    daq::CalibrationStore calibrations(calibrationFileFrom(args));
    options.stored = calibrations.find(serial);
  }

  const store::SessionInfo session = sessionInfoFor(args, out, HOLDFAST_VERSION);
  store::TrialInfo trial;
  trial.side = options.side;
  trial.protocol = protocol;
  trial.port = config.port;
  trial.device_serial = serial;
  trial.started_utc = store::isoUtcNow();

  store::SessionFileWriter writer(out, session, trial);
  TrialRecorder recorder(writer, options);
  daq::AcquisitionEngine engine(config, recorder);
  installStopSignals();
  engine.start();

  const auto start = std::chrono::steady_clock::now();
  const bool live = isatty(STDERR_FILENO) != 0;
  auto next_report = start + std::chrono::seconds(1);
  bool duration_over = false;
  bool was_reconnecting = false;
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start).count();
    if (duration && elapsed >= *duration) {
      duration_over = true;
      break;
    }
    if (stopRequested() || engine.linkEnded() || engine.sinkError()) break;
    const bool reconnecting = engine.reconnecting();
    if (!reconnecting && engine.linkEnded()) break;  // gave up: not "back"
    if (reconnecting != was_reconnecting) {
      std::cerr << (live ? "\n" : "")
                << (reconnecting ? "link lost: reconnecting to the device..."
                                 : "link back on " + engine.currentPort() +
                                       ": recording continues (gap marked)")
                << "\n";
      was_reconnecting = reconnecting;
    }
    if (live && now >= next_report) {
      const auto& st = engine.stats();
      std::cerr << "\rrecording " << std::fixed << std::setprecision(1) << elapsed
                << " s: " << st.samples.load() << " samples, " << std::setprecision(0)
                << st.measured_rate_hz.load() << " Hz, " << st.gaps.load() << " gaps, "
                << st.malformed_lines.load() + st.crc_errors.load() << " rejected   " << std::flush;
      next_report += std::chrono::seconds(1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool user_stop = stopRequested();
  engine.stop();
  if (live) std::cerr << "\n";
  std::optional<std::string> failure = engine.sinkError();
  if (!failure) {
    try {
      recorder.flush();
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  if (failure) {
    std::cerr << "holdfast acquire: recording failed: " << *failure << "\n"
              << "holdfast acquire: what was written is in " << out.string() << ".partial; "
              << out.string() << " is unchanged\n";
    return kExitFailure;
  }

  const auto& st = engine.stats();
  if (recorder.samples() == 0) {
    std::cerr << "holdfast acquire: no samples received from " << config.port << " ("
              << st.bytes_received.load() << " bytes, "
              << st.malformed_lines.load() + st.crc_errors.load()
              << " rejected lines or frames); check --protocol and --baud. Nothing was "
                 "recorded and "
              << out.string() << " is unchanged\n";
    writer.abandon();
    return kExitFailure;
  }

  const RecordingPlan& plan = *recorder.plan();
  trial.channel_names = plan.layout.forceNames();
  for (const auto& c : recorder.rawChannels()) {
    trial.raw_channel_names.push_back(c.name);
    trial.raw_units.push_back(c.unit);
  }
  trial.calibration_json = calibrationJson(plan);
  trial.layout = plan.layout.describe();
  trial.cop_names = plan.cop_names;
  trial.ended_utc = store::isoUtcNow();
  trial.stop_reason = stopReason(user_stop, duration_over, engine);
  trial.measured_rate_hz = st.average_rate_hz.load();
  trial.nominal_rate_hz = st.nominal_rate_hz.load();
  writer.finish(trial, st.snapshot());
  writer.commit();

  std::cout << "trial " << writer.trialNumber() << " (" << options.side << ") recorded in "
            << out.string() << ": " << recorder.samples() << " samples, " << std::fixed
            << std::setprecision(1) << trial.measured_rate_hz << " Hz measured (nominal "
            << trial.nominal_rate_hz << " Hz), " << st.gaps.load() << " gaps ("
            << st.missing_samples.load() << " samples missing), " << st.malformed_lines.load()
            << " rejected lines, " << st.crc_errors.load() << " CRC errors, " << st.resyncs.load()
            << " resyncs, " << st.stalls.load() << " stalls, " << st.reconnects.load()
            << " reconnects, " << st.ring_overflows.load() << " overflows; stopped by "
            << trial.stop_reason << "\n";
  for (const std::string& w : plan.warnings) std::cerr << "warning: " << w << "\n";
  if (trial.measured_rate_hz > 0 && trial.measured_rate_hz < daq::kMinimumRateForEarlyRfdHz) {
    std::cerr << "warning: " << trial.measured_rate_hz
              << " Hz is too low for early rate of force development (0-50, 0-100 ms); "
                 "1000 Hz or more is recommended\n";
  }
  return kExitOk;
}

}  // namespace holdfast::app
