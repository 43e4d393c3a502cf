#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "Commands.h"
#include "holdfast/cli/DeviceOptions.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/recording/TrialProgress.h"
#include "holdfast/recording/TrialRun.h"
#include "holdfast/registry/ActivityLog.h"
#include "holdfast/registry/CalibrationStore.h"
#include "holdfast/simulator/SimulatedProgressorLink.h"
#include "holdfast/wire/TextFields.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& acquireSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s(
        "acquire", "Record one trial from a serial or Bluetooth device into a session file.",
        "holdfast acquire --port PATH|--ble ADDRESS --out FILE.h5 [--protocol P] [--duration S] "
        "[--patient ID] [--test NAME] [--side left|right|both] [--involved left|right] "
        "[--mass-kg X]");
    addDeviceOptions(s);
    addBleOptions(s);
    s.option("out", "FILE.h5",
             "session file; an existing one gets the trial appended (default: "
             "DATA/sessions/PATIENT/DATE_TEST.h5 with --patient)")
        .option("duration", "S", "record S seconds (default: until Ctrl-C or the device is gone)")
        .option("side", "S",
                "limb of this trial: left, right, or both for two plates (default left)")
        .option("plates", "N",
                "the device's channels are N plates of 4 load cells (front-left, front-right, "
                "back-left, back-right): store each plate's force and centre of pressure")
        .option("plate-size", "WxL", "plate cell spacing in mm, width x length (default 400x600)");
    addSessionOptions(s);
    addTrialOptions(s);
    s.note(
        "Every sample is stored as the device sent it (raw, device_time_s) with the arrival\n"
        "time at the driver, and as calibrated force (force_n) with the calibration used.\n"
        "Rejected lines, bad frames, gaps, stalls, reconnects and overflows are counted and\n"
        "stored with the trial. If the link is lost the station reconnects (finding the\n"
        "device by serial number) and marks the gap. While recording, everything goes to an\n"
        "append-only journal FILE.h5.journal, synced to disk every 250 ms; the HDF5 file is\n"
        "built from it when the trial ends. After a crash or power loss, 'holdfast recover\n"
        "FILE.h5' builds it (at most 0.25 s of samples can be lost). An existing session is\n"
        "never put at risk: the new trial is written to a copy that replaces it atomically.");
    return s;
  }();
  return spec;
}

namespace {

struct ProcessCpu {
  double cpu_s = 0.0, wall_s = 0.0;
};

ProcessCpu processCpu() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return {
      secs(ru.ru_utime) + secs(ru.ru_stime),
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count()};
}

std::string fileSize(const fs::path& p) {
  std::error_code ec;
  const auto bytes = fs::file_size(p, ec);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f MB", ec ? 0.0 : static_cast<double>(bytes) / 1e6);
  return buf;
}

void parsePlateSize(const ParsedArgs& args, RecordingOptions& options) {
  const auto text = args.value("plate-size");
  if (!text) return;
  const std::size_t x = text->find('x');
  const auto w = x == std::string::npos ? std::nullopt : wire::parseNumber(text->substr(0, x));
  const auto l = x == std::string::npos ? std::nullopt : wire::parseNumber(text->substr(x + 1));
  if (!w || !l || !(*w >= 10 && *w <= 2000) || !(*l >= 10 && *l <= 2000)) {
    throw UsageError("--plate-size must be WIDTHxLENGTH in mm, 10-2000 each (got '" + *text + "')");
  }
  options.plate_width_mm = *w;
  options.plate_length_mm = *l;
}

}  // namespace

std::shared_ptr<daq::NotificationLink> bleLinkFor(const std::string& address,
                                                  const daq::AcquisitionConfig& config) {
  if (address != "simulator") return radioLinkFor(address, config);
  if (config.ble_service != wire::BleService::TindeqProgressor)
    throw UsageError("--ble simulator plays a Tindeq Progressor: --protocol tindeq-progressor");
  // The default patient: rest at 15 N, then 3 s pulls to 350 N every 8 s.
  const simulator::ProgressorModel patient;
  return std::make_shared<simulator::SimulatedProgressorLink>(
      patient, simulator::ProgressorLinkFaults(), std::string("simulator"));
}

int runAcquire(const ParsedArgs& args) {
  const fs::path out = sessionPathFor(args);
  requireSessionFree(out);
  auto config = deviceConfigFrom(args, bleLinkFor);
  const std::optional<double> duration = args.number("duration", 0.1, 86400);
  RecordingOptions options;
  options.side = args.choice("side", {"left", "right", "both"}, "left");
  options.plates = static_cast<std::size_t>(args.integer("plates", 1, 4).value_or(0));
  parsePlateSize(args, options);
  const std::string protocol = protocolNameOf(config);

  checkOutputFolder(out);
  openActivityLogIn(dataFolderFrom(args), "acquire");
  const std::string serial = deviceSerialFor(args, config.port);
  config.usb_serial = serial;  // a reconnect looks for it; falls back to --port
  if (!serial.empty()) {
    registry::CalibrationStore calibrations(calibrationFileFrom(args));
    options.stored = calibrations.find(serial);
  }

  TrialSetup setup;
  setup.session_file = out;
  setup.session = sessionInfoFor(args, out, HOLDFAST_VERSION);
  // Both feet on one plate is a balance test's quiet stance; an effort "both" needs two.
  const bool balance =
      setup.session.test_definition.find("\"kind\":\"balance\"") != std::string::npos;
  if (options.side == "both" && options.plates == 1 && !balance) {
    throw UsageError("--side both needs two plates (--plates 2) or a two-channel device");
  }
  setup.trial.side = options.side;
  applyTrialOptions(args, setup.trial);
  setup.trial.protocol = protocol;
  setup.trial.port = config.port;
  setup.trial.device_serial = serial;
  setup.trial.device_model = deviceModelOf(config);
  setup.recording = options;
  setup.device = config;
  TrialRun run(std::move(setup));
  installStopSignals();
  const ProcessCpu cpu_at_start = processCpu();
  run.start();

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
    const TrialProgress p = trialProgress(run);
    if (stopRequested() || p.link_ended || p.sink_failed) break;
    if (p.reconnecting != was_reconnecting) {
      const std::string said =
          p.reconnecting ? "link lost: reconnecting to the device..."
                         : "link back on " + p.port + ": recording continues (gap marked)";
      if (p.reconnecting) {
        activityLog()->warn("link lost on {}: reconnecting", config.port);
      } else {
        activityLog()->info("{}", said);
      }
      std::cerr << (live ? "\n" : "") << said << "\n";
      was_reconnecting = p.reconnecting;
    }
    if (live && now >= next_report) {
      std::cerr << "\r" << progressLine(p, elapsed) << std::flush;
      next_report += std::chrono::seconds(1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::optional<std::string> requested;
  if (stopRequested()) requested = "user_stop";
  if (duration_over) requested = "duration";
  const TrialEnd end = run.stop(requested);
  const ProcessCpu cpu_at_stop = processCpu();
  if (live) std::cerr << "\n";
  const TrialProgress counted = trialProgress(run);
  if (!end.link_error.empty())
    std::cerr << "holdfast acquire: the link failed: " << end.link_error << "\n";
  if (end.outcome == TrialEnd::Outcome::Failed) {
    // The journal holds everything synced before the failure (a disk that filled up, a device
    // that broke the layout): build the session from it now, or leave it for `recover`.
    std::cerr << "holdfast acquire: recording failed: " << end.failure << "\n"
              << "holdfast acquire: " << keepFailedRecording(out) << "\n";
    return kExitFailure;
  }
  if (end.outcome == TrialEnd::Outcome::Empty) {
    std::cerr << "holdfast acquire: " << emptyTrialLine(counted, config.port, out.string()) << "\n";
    return kExitFailure;
  }

  const auto build_start = std::chrono::steady_clock::now();
  BuiltSession built;
  try {
    built = TrialRun::buildSessionFile(out);
  } catch (const std::exception& e) {
    std::cerr << "holdfast acquire: the trial is safe in " << run.journalPath().string()
              << " but the session file could not be built (" << e.what()
              << "); fix that and run 'holdfast recover " << out.string() << "'\n";
    return kExitFailure;
  }
  std::cout << recordedLine(built, end, options.side, out.string(), counted);
  // The whole process (acquisition, drain and journal threads, this loop) while recording.
  const double wall = cpu_at_stop.wall_s - cpu_at_start.wall_s;
  const double cpu = cpu_at_stop.cpu_s - cpu_at_start.cpu_s;
  std::cout << "process CPU while recording: " << std::fixed << std::setprecision(1)
            << (wall > 0 ? 100.0 * cpu / wall : 0.0)
            << " % of one core (journal included); session file built in " << std::setprecision(2)
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start).count()
            << " s (" << fileSize(out) << ")\n";
  for (const std::string& w : end.warnings) std::cerr << "warning: " << w << "\n";
  return kExitOk;
}

}  // namespace holdfast::app
