#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <thread>

#include "Commands.h"
#include "SessionOptions.h"
#include "TrialRecorder.h"
#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& acquireSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("acquire", "Record one trial from a serial device into a session file.",
                  "holdfast acquire --port PATH --out FILE.h5 [--protocol csv] [--duration S] "
                  "[--patient ID] [--test NAME] [--side left|right|both] [--involved left|right] "
                  "[--mass-kg X]");
    s.option("port", "PATH", "serial device, e.g. /dev/ttyUSB0 or a simulator link (required)")
        .option("out", "FILE.h5",
                "session file; an existing one gets the trial appended (required)")
        .option("protocol", "P", "what the device speaks: csv (default csv)")
        .option("duration", "S", "record S seconds (default: until Ctrl-C or the device closes)")
        .option("baud", "N", "serial speed in baud (default 115200)")
        .option("stall-timeout", "S", "seconds without data before a stall is recorded (default 2)")
        .option("side", "S",
                "limb of this trial: left, right, or both for two plates (default left)");
    addSessionOptions(s);
    s.note(
        "Every sample is stored as the device sent it, with the device's timestamp and the\n"
        "arrival time at the driver. Rejected lines, gaps, stalls and overflows are counted\n"
        "and stored with the trial. The file is written as FILE.h5.partial and renamed when\n"
        "the trial is complete, so an existing session is never put at risk.");
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

}  // namespace

int runAcquire(const ParsedArgs& args) {
  daq::AcquisitionConfig config;
  config.port = args.required("port");
  const fs::path out = args.required("out");
  const std::string protocol = args.choice("protocol", {"csv"}, "csv");
  const std::optional<double> duration = args.number("duration", 0.1, 86400);
  config.baud_rate = static_cast<unsigned>(args.integer("baud", 300, 4000000).value_or(115200));
  config.stall_timeout = std::chrono::milliseconds(
      std::llround(args.number("stall-timeout", 0.1, 60).value_or(2.0) * 1000.0));
  const std::string side = args.choice("side", {"left", "right", "both"}, "left");

  checkOutputFolder(out);
  std::error_code ec;
  if (!fs::exists(config.port, ec)) throw UsageError("port " + config.port + " does not exist");

  const store::SessionInfo session = sessionInfoFor(args, out, HOLDFAST_VERSION);
  store::TrialInfo trial;
  trial.side = side;
  trial.protocol = protocol;
  trial.port = config.port;
  trial.started_utc = store::isoUtcNow();

  store::SessionFileWriter writer(out, session, trial);
  TrialRecorder recorder(writer);
  daq::AcquisitionEngine engine(config, recorder);
  installStopSignals();
  engine.start();

  const auto start = std::chrono::steady_clock::now();
  const bool live = isatty(STDERR_FILENO) != 0;
  auto next_report = start + std::chrono::seconds(1);
  bool duration_over = false;
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start).count();
    if (duration && elapsed >= *duration) {
      duration_over = true;
      break;
    }
    if (stopRequested() || engine.linkEnded() || engine.sinkError()) break;
    if (live && now >= next_report) {
      const auto& st = engine.stats();
      std::cerr << "\rrecording " << std::fixed << std::setprecision(1) << elapsed
                << " s: " << st.samples.load() << " samples, " << st.gaps.load() << " gaps, "
                << st.malformed_lines.load() << " rejected lines   " << std::flush;
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
              << st.bytes_received.load() << " bytes, " << st.malformed_lines.load()
              << " rejected lines); check --protocol and --baud. Nothing was recorded and "
              << out.string() << " is unchanged\n";
    writer.abandon();
    return kExitFailure;
  }

  trial.channel_names = engine.channelNames();
  trial.ended_utc = store::isoUtcNow();
  trial.stop_reason = stopReason(user_stop, duration_over, engine);
  const double span = recorder.lastDeviceTime() - recorder.firstDeviceTime();
  trial.measured_rate_hz = span > 0 ? static_cast<double>(recorder.samples() - 1) / span : 0.0;
  writer.finish(trial, st.snapshot());
  writer.commit();

  std::cout << "trial " << writer.trialNumber() << " (" << side << ") recorded in " << out.string()
            << ": " << recorder.samples() << " samples, " << std::fixed << std::setprecision(1)
            << trial.measured_rate_hz << " Hz measured, " << st.gaps.load() << " gaps ("
            << st.missing_samples.load() << " samples missing), " << st.malformed_lines.load()
            << " rejected lines, " << st.stalls.load() << " stalls, " << st.ring_overflows.load()
            << " overflows; stopped by " << trial.stop_reason << "\n";
  if (trial.measured_rate_hz > 0 && trial.measured_rate_hz < 500) {
    std::cerr << "warning: " << trial.measured_rate_hz
              << " Hz is too low for early rate of force development (0-50, 0-100 ms); "
                 "1000 Hz or more is recommended\n";
  }
  return kExitOk;
}

}  // namespace holdfast::app
