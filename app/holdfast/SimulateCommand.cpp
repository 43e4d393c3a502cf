#include <atomic>
#include <iostream>
#include <thread>

#include "Commands.h"
#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/daq/PtySimulator.h"

namespace holdfast::app {

const CommandSpec& simulateSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("simulate", "Run the built-in simulated force sensor on a pseudo-terminal.",
                  "holdfast simulate --link PATH [--protocol csv] [--scenario NAME] [--rate HZ] "
                  "[--seed N] [--duration S] [options]");
    s.option("link", "PATH", "create PATH as a symlink to the simulated device (required)")
        .option("protocol", "P", "what the device speaks: csv (default csv)")
        .option("scenario", "NAME", "signal to play: isometric-mvc (default isometric-mvc)")
        .option("rate", "HZ", "samples per second, 1-100000 (default 1000)")
        .option("seed", "N", "seed of the noise and effort-to-effort variation (default 1)")
        .option("duration", "S", "stop after S seconds (default: run until interrupted)")
        .option("channels", "N", "1 (one sensor) or 2 (left and right plates) (default 1)")
        .option("peak-n", "N", "plateau force of the first channel in newtons (default 350)")
        .option("deficit-percent", "P", "how much weaker the second channel is, 0-90 (default 0)")
        .option("sent-log", "FILE", "write every line the device sent to FILE (for tests)")
        .note(
            "The scenario isometric-mvc repeats every 8 s: 2 s at rest, a 3 s maximal\n"
            "isometric effort (rise time constant 0.12 s, 3 % fade, tremor), then release.\n"
            "Sensor noise (SD 0.5 N) and 50 Hz mains hum are added to every channel.\n"
            "Example:  holdfast simulate --link /tmp/holdfast-sim --duration 10");
    return s;
  }();
  return spec;
}

int runSimulate(const ParsedArgs& args) {
  daq::SimulatorConfig c;
  c.link_path = args.required("link");
  c.protocol = args.choice("protocol", {"csv"}, "csv");
  c.scenario.name = args.choice("scenario", daq::scenarioNames(), "isometric-mvc");
  c.rate_hz = args.number("rate", 1, 100000).value_or(1000.0);
  c.scenario.seed = static_cast<std::uint64_t>(args.integer("seed", 0, INT64_MAX).value_or(1));
  c.duration_s = args.number("duration", 0.001, 86400);
  c.scenario.channels = static_cast<int>(args.integer("channels", 1, 2).value_or(1));
  c.scenario.peak_n = args.number("peak-n", 20, 20000).value_or(350.0);
  c.scenario.deficit_percent = args.number("deficit-percent", 0, 89.9).value_or(0.0);
  c.sent_log_path = args.value("sent-log").value_or("");
  try {
    daq::validateSimulatorConfig(c);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }

  installStopSignals();
  daq::PtySimulator simulator(c);
  std::cerr << "simulating " << c.scenario.name << " (" << c.protocol << ", " << c.rate_hz
            << " Hz, " << c.scenario.channels << " channel" << (c.scenario.channels > 1 ? "s" : "")
            << ") on " << simulator.devicePath() << ", linked as " << c.link_path << "\n";
  std::atomic<bool> stop{false};
  std::thread watcher([&stop] {
    while (!stop.load()) {
      if (stopRequested()) stop.store(true);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  daq::SimulatorSummary summary;
  try {
    summary = simulator.run(stop);
  } catch (...) {
    stop.store(true);
    watcher.join();
    throw;
  }
  stop.store(true);
  watcher.join();
  std::cerr << "simulator: sent " << summary.samples_sent << " samples (" << summary.bytes_sent
            << " bytes) in " << summary.elapsed_s << " s";
  if (summary.samples_not_sent > 0)
    std::cerr << "; " << summary.samples_not_sent << " not taken by any reader";
  if (!summary.reader_caught_up)
    std::cerr << "; the reader had not read everything when the device closed";
  std::cerr << "\n";
  return kExitOk;
}

}  // namespace holdfast::app
