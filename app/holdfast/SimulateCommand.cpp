#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <thread>

#include "Commands.h"
#include "holdfast/simulator/PtySimulator.h"
#include "holdfast/simulator/SimulatedProgressor.h"
#include "holdfast/wire/DeviceProtocol.h"

namespace holdfast::app {

const CommandSpec& simulateSpec() {
  static const CommandSpec spec = [] {
    std::string protocols;
    for (const auto& d : wire::protocolDescriptions()) {
      protocols += (protocols.empty() ? "" : ", ") + d.name;
    }
    std::string scenarios;
    for (const auto& n : simulator::scenarioNames())
      scenarios += (scenarios.empty() ? "" : ", ") + n;
    CommandSpec s("simulate", "Run the built-in simulated force sensor on a pseudo-terminal.",
                  "holdfast simulate --link PATH [--protocol P] [--scenario NAME] [--rate HZ] "
                  "[--seed N] [--duration S] [--fault F] [options]\n"
                  "       holdfast simulate --ble-log FILE --duration S [--scenario NAME] [options]");
    s.option("link", "PATH", "create PATH as a symlink to the simulated device (required)")
        .option("ble-log", "FILE",
                "instead of a pty: write a Tindeq Progressor's Bluetooth notification log of "
                "the scenario (80 Hz unless --rate; its firmware and battery asked, then "
                "--duration S of weight notifications), as 'import --format ble-log' reads it; "
                "an existing FILE is never replaced")
        .option("protocol", "P", "what the device speaks: " + protocols + " (default csv)")
        .option("scenario", "NAME", "signal to play: " + scenarios + " (default isometric-mvc)")
        .option("rate", "HZ", "samples per second, 1-100000 (default 1000)")
        .option("seed", "N", "seed of the noise and effort-to-effort variation (default 1)")
        .option("duration", "S", "stop after S seconds (default: run until interrupted)")
        .option("channels", "N",
                "force channels: 1 (one sensor), 2 (left and right), up to 16 (default 1)")
        .option("cells", "N", "4: every channel is a plate of four load cells (default 0)")
        .flag("float", "holdfast-binary: send float32 newtons instead of int32 ADC counts")
        .flag("no-descriptor",
              "holdfast-binary: play a device that does not state its counts per newton (no "
              "device descriptor): its counts stay counts until 'holdfast calibrate'")
        .option("peak-n", "N",
                "plateau (or hold, or static) force of the first channel (default 350)")
        .option("preload-n", "N", "resting force on the sensor (default 15)")
        .option("deficit-percent", "P", "how much weaker the second channel is, 0-90 (default 0)")
        .option("hold-s", "S", "isometric-hold: length of the hold (default 120)")
        .option("noise-n", "N", "sensor noise SD in newtons (default 0.5)")
        .option("hum-n", "N", "50 Hz mains hum amplitude in newtons (default 0.3)")
        .option("sway-mm", "MM",
                "quiet-stance, single-leg-stance: SD of the antero-posterior sway with eyes open "
                "(default 4)")
        .option("mass-kg", "X", "jumps: body mass in kg (default 75)")
        .option("jump-height-m", "M", "jumps: the height of each jump, 0.02-1 (default 0.30)")
        .option("contact-time-s", "S",
                "drop-jump and hops: ground contact of each rebound, 0.1-1 (default 0.25)")
        .option("box-height-m", "M", "drop-jump: the box stepped off, 0.05-1 (default 0.30)")
        .option("hops", "N", "hops: rebounds after the first jump, 1-30 (default 10)")
        .option("condition", "C", "balance: eyes-open (default) or eyes-closed (1.5 x the sway)")
        .option("side", "S",
                "single-leg-stance: the stance leg, left or right (default left; quiet-stance: "
                "both feet)")
        .option("weaker-side", "S",
                "balance: the involved side, left or right (default right): less load, more "
                "sway on one leg, by --deficit-percent")
        .option("touch-down-s", "S",
                "single-leg-stance: the other foot touches down S seconds in (default: never)")
        .option("fault", "LIST",
                "faults to inject, comma-separated: garbage:EVERY_S, drop:PROBABILITY, "
                "stall:AT_S:FOR_S[:TIMES:EVERY_S], late:AT_S:FOR_S[:TIMES:EVERY_S] (held, then "
                "sent), unplug:AT_S:FOR_S[:TIMES:EVERY_S]")
        .option("sent-log", "FILE", "write every sample the device sent to FILE (for tests)")
        .note(
            "isometric-mvc repeats every 8 s: 2 s at rest, a 3 s maximal isometric effort (rise\n"
            "time constant 0.12 s, 3 % fade, tremor), then release. isometric-hold: a bridge\n"
            "hold with fatigue and brief dips. critical-force: 24 x (7 s on, 3 s off) all-out\n"
            "efforts falling to the critical force. static: a constant load (calibration).\n"
            "quiet-stance / single-leg-stance: --peak-n is the body weight, on --channels 1 or 2\n"
            "plates (--cells 4 for the centre of pressure), swaying as a random walk drawn back\n"
            "to the centre.\n"
            "cmj / squat-jump / drop-jump / hops: a person of --mass-kg jumping --jump-height-m\n"
            "on one plate or two (--channels 2: a foot on each; --cells 4 too), the force built\n"
            "from the motion so that take-off velocity and flight time agree; the weaker side\n"
            "(--weaker-side) loses --deficit-percent of its net force in every phase. One jump\n"
            "every few seconds, with quiet standing before and after.\n"
            "Sensor noise and 50 Hz mains hum are added to every channel. The device answers\n"
            "the station's commands (Chronojump start_capture:/end_capture:/tare:..., Mark-10\n"
            "'?' and units, OpenScale 'x'). An unplug removes the link and brings the device\n"
            "back, rebooted, at the same path.\n"
            "Example:  holdfast simulate --link /tmp/holdfast-sim --duration 10");
    return s;
  }();
  return spec;
}

/// --ble-log: a simulated Progressor's notifications written as a log (no pty, no waiting).
int writeProgressorLog(const ParsedArgs& args, const simulator::ScenarioConfig& scenario) {
  for (const char* serial_only : {"link", "protocol", "fault", "sent-log", "channels", "cells"})
    if (args.value(serial_only))
      throw UsageError(std::string("--") + serial_only + " does not apply to --ble-log");
  const std::string path = *args.value("ble-log");
  const auto duration = args.number("duration", 0.1, 86400);
  if (!duration) throw UsageError("--ble-log needs --duration S");
  simulator::ProgressorModel model;
  model.scenario = scenario;
  model.rate_hz = args.number("rate", 1, 1000).value_or(80.0);
  std::string log;
  try {
    log = simulator::progressorNotificationLog(model, *duration);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  // A new file only, written whole: a log already there (perhaps a real capture) is kept.
  std::FILE* f = std::fopen(path.c_str(), "wx");
  if (!f) throw UsageError("cannot create " + path + ": " + std::strerror(errno));
  const bool written = std::fwrite(log.data(), 1, log.size(), f) == log.size();
  if (std::fclose(f) != 0 || !written) {
    std::remove(path.c_str());
    throw UsageError("cannot write " + path);
  }
  std::cerr << "simulator: a Tindeq Progressor's notification log of " << *duration << " s ("
            << scenario.name << ", " << model.rate_hz << " Hz) written to " << path << "\n";
  return kExitOk;
}

int runSimulate(const ParsedArgs& args) {
  simulator::SimulatorConfig c;
  if (!args.value("ble-log")) c.link_path = args.required("link");
  c.protocol = args.choice("protocol", wire::protocolNames(), "csv");
  c.scenario.name = args.choice("scenario", simulator::scenarioNames(), "isometric-mvc");
  c.rate_hz = args.number("rate", 1, 100000).value_or(1000.0);
  c.scenario.seed = static_cast<std::uint64_t>(args.integer("seed", 0, INT64_MAX).value_or(1));
  c.duration_s = args.number("duration", 0.001, 86400);
  c.scenario.channels = static_cast<int>(args.integer("channels", 1, 16).value_or(1));
  c.cells_per_plate = static_cast<int>(args.integer("cells", 0, 4).value_or(0));
  c.float_newtons = args.flag("float");
  c.send_descriptor = !args.flag("no-descriptor");
  const bool balance = c.scenario.name == "quiet-stance" || c.scenario.name == "single-leg-stance";
  c.scenario.peak_n = args.number("peak-n", 0, 20000).value_or(balance ? 700.0 : 350.0);
  c.scenario.preload_n = args.number("preload-n", 0, 1000).value_or(15.0);
  c.scenario.deficit_percent = args.number("deficit-percent", 0, 89.9).value_or(0.0);
  c.scenario.hold_s = args.number("hold-s", 5, 3600).value_or(120.0);
  c.scenario.noise_sd_n = args.number("noise-n", 0, 100).value_or(0.5);
  c.scenario.hum_amplitude_n = args.number("hum-n", 0, 100).value_or(0.3);
  if (c.scenario.name == "isometric-hold") c.scenario.fatigue = 0.25;
  c.scenario.sway_mm = args.number("sway-mm", 0.1, 50).value_or(4.0);
  if (args.choice("condition", {"eyes-open", "eyes-closed"}, "eyes-open") == "eyes-closed")
    c.scenario.sway_scale = 1.5;
  c.scenario.weaker_side = args.choice("weaker-side", {"left", "right"}, "right");
  c.scenario.mass_kg = args.number("mass-kg", 10, 300).value_or(75.0);
  c.scenario.jump_height_m = args.number("jump-height-m", 0.02, 1).value_or(0.30);
  c.scenario.contact_time_s = args.number("contact-time-s", 0.1, 1).value_or(0.25);
  c.scenario.box_height_m = args.number("box-height-m", 0.05, 1).value_or(0.30);
  c.scenario.hops = static_cast<int>(args.integer("hops", 1, 30).value_or(10));
  if (c.scenario.name == "single-leg-stance") {
    c.scenario.stance = args.choice("side", {"left", "right"}, "left");
    c.scenario.touch_down_after_s = args.number("touch-down-s", 0, 86400).value_or(-1.0);
  } else if (args.value("side"))
    throw UsageError("--side is the stance leg of single-leg-stance only");
  c.sent_log_path = args.value("sent-log").value_or("");
  if (args.value("ble-log")) return writeProgressorLog(args, c.scenario);
  try {
    c.faults = simulator::parseSimulatorFaults(args.value("fault").value_or(""));
    simulator::validateSimulatorConfig(c);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }

  installStopSignals();
  simulator::PtySimulator simulator(c);
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
  simulator::SimulatorSummary summary;
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
  if (summary.commands_answered > 0)
    std::cerr << "; answered " << summary.commands_answered << " commands";
  if (summary.samples_not_sent > 0)
    std::cerr << "; " << summary.samples_not_sent << " not taken by any reader";
  if (!c.faults.empty()) {
    std::cerr << "; faults: " << summary.garbage_bytes << " garbage bytes, "
              << summary.samples_corrupted << " samples corrupted, " << summary.stalls
              << " stalls, " << summary.unplugs << " unplugs, " << summary.samples_withheld
              << " samples withheld";
  }
  if (!summary.reader_caught_up)
    std::cerr << "; the reader had not read everything when the device closed";
  std::cerr << "\n";
  return kExitOk;
}

}  // namespace holdfast::app
