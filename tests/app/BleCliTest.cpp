// Bluetooth notification logs through `holdfast import`, as a user captures them (nRF Connect, a
// sniffer): the Progressor's log with no option but the format (its UUIDs say which device), the
// device's firmware and battery kept with the trial, the peak in `analyze --json`; the csv
// protocol over the Nordic UART Service imported like the same text from a file; and options
// that do not fit refused in one line with exit code 2.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "CliFixture.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::Result;
namespace fs = std::filesystem;

namespace {
const fs::path kBle = fs::path(HOLDFAST_SOURCE_DIR) / "tests/data/ble";

class BleCli : public Cli {};

double firstPeak(const std::string& analyze_json) {
  const auto j = nlohmann::json::parse(analyze_json);
  return j.at("trials").at(0).at("efforts").at(0).at("peak_force_n").get<double>();
}
}  // namespace

TEST_F(BleCli, AProgressorLogImportsWithItsPeakClockAndDevice) {
  const std::string id = addPatient();
  const fs::path out = dir_ / "p.h5";
  Result r = run({"import", (kBle / "progressor_pull.log").string(), "--format", "ble-log", "--out",
                  out.string(), "--patient", id, "--test", "isometric-max"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("801 samples"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("80 Hz"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("firmware 1.2.3"), std::string::npos) << r.out;
  const auto trial = holdfast::store::readSessionFile(out).trials.at(0);
  EXPECT_EQ(trial.info.device_model, "Tindeq Progressor");
  EXPECT_EQ(trial.info.device_firmware, "1.2.3");
  EXPECT_EQ(trial.info.device_battery_mv, 3950.0);
  EXPECT_EQ(trial.info.protocol, "import:ble-log");
  r = run({"analyze", out.string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NEAR(firstPeak(r.out), 441.29925, 441.29925 * 1e-3);  // 45 kg, within 0.1 %
}

TEST_F(BleCli, AUartCsvLogImportsLikeTheSameTextFromAFile) {
  const std::string id = addPatient();
  const fs::path a = dir_ / "a.h5", b = dir_ / "b.h5";
  Result r = run({"import", (kBle / "uart_csv.log").string(), "--format", "ble-log", "--protocol",
                  "ble-uart", "--out", a.string(), "--patient", id, "--test", "isometric-max"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"import", (kBle / "uart_csv.txt").string(), "--out", b.string(), "--patient", id,
           "--test", "isometric-max"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto ta = holdfast::store::readSessionFile(a).trials.at(0);
  const auto tb = holdfast::store::readSessionFile(b).trials.at(0);
  EXPECT_EQ(ta.time_s, tb.time_s);
  EXPECT_EQ(ta.channels, tb.channels);
  const Result ja = run({"analyze", a.string(), "--json"});
  const Result jb = run({"analyze", b.string(), "--json"});
  EXPECT_DOUBLE_EQ(firstPeak(ja.out), firstPeak(jb.out));
  EXPECT_NEAR(firstPeak(ja.out), 300.15, 1e-3);
}

TEST_F(BleCli, OptionsThatDoNotFitAreRefusedInOneLine) {
  const std::string id = addPatient();
  const std::string log = (kBle / "progressor_pull.log").string();
  const auto refused = [&](std::vector<std::string> extra, const std::string& says) {
    std::vector<std::string> args{"import",    log, "--out",  (dir_ / "x.h5").string(),
                                  "--patient", id,  "--test", "isometric-max"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run(args);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  };
  refused({"--format", "ble-log", "--protocol", "tindeq"}, "did you mean tindeq-progressor");
  refused({"--protocol", "tindeq-progressor"}, "apply to --format ble-log only");
  refused({"--format", "ble-log", "--protocol", "tindeq-progressor", "--uart-text", "csv"},
          "--uart-text applies to --protocol ble-uart only");
  refused({"--format", "ble-log", "--protocol", "ble-uart"},
          "no notification of ble-uart's data characteristic");
  EXPECT_FALSE(fs::exists(dir_ / "x.h5"));
}

// The simulator plays a Progressor into a notification log; the log imports through the same
// decoder, with the device's clock, firmware and battery; an existing log is never replaced.
TEST_F(BleCli, TheSimulatedProgressorsLogImportsWithItsTorque) {
  const std::string id = addPatient();
  const fs::path log = dir_ / "sim.log", session = dir_ / "s.h5";
  Result r = run({"simulate", "--ble-log", log.string(), "--duration", "10", "--peak-n", "300",
                  "--noise-n", "0", "--hum-n", "0"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"import", log.string(), "--format", "ble-log", "--out", session.string(), "--patient",
           id, "--test", "knee-extension-90", "--side", "left", "--lever-arm-m", "0.35",
           "--mass-kg", "70"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("80 Hz"), std::string::npos) << r.out;
  const auto trial = holdfast::store::readSessionFile(session).trials.at(0);
  EXPECT_EQ(trial.info.device_firmware, "1.2.4");
  EXPECT_EQ(trial.info.device_battery_mv, 3950.0);
  r = run({"analyze", session.string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto e = nlohmann::json::parse(r.out).at("trials").at(0).at("efforts").at(0);
  const double peak = e.at("peak_force_n").get<double>();
  EXPECT_GT(peak, 280.0);  // the scenario's 300 N plateau, fading 3 %
  EXPECT_LT(peak, 320.0);
  EXPECT_NEAR(e.at("torque").at("peak_torque_nm").get<double>(), peak * 0.35, 1e-9);

  const std::string before = slurp(log);
  r = run({"simulate", "--ble-log", log.string(), "--duration", "5"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("File exists"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(log), before);
  r = run({"simulate", "--ble-log", (dir_ / "b.log").string(), "--duration", "5", "--link", "x"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--link does not apply to --ble-log"), std::string::npos) << r.err;
  r = run({"simulate", "--ble-log", (dir_ / "c.log").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--ble-log needs --duration S"), std::string::npos) << r.err;
}

// `devices --ble` scans through Qt Bluetooth. This machine (and CI) has no adapter: one line
// that says so and exit 1; a machine with one lists what it heard; a build without Qt says it
// cannot scan.
TEST_F(BleCli, DevicesBleScansOrSaysInOneLineThatThereIsNoAdapter) {
  const Result r = run({"devices", "--ble", "--scan-s", "1"});
  if (r.code == 0) {
    EXPECT_NE(r.out.find("Bluetooth LE device(s) in 1 s"), std::string::npos) << r.out;
    std::cout << "a Bluetooth adapter is present: " << r.out;
    return;
  }
  EXPECT_EQ(r.code, 1) << r.err;
  // (A build without Qt cannot scan, and says that instead.)
  EXPECT_TRUE(r.err.rfind("holdfast devices: no Bluetooth adapter on this machine", 0) == 0 ||
              r.err.rfind("holdfast devices: this holdfast was built without Qt", 0) == 0)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  const Result bad = run({"devices", "--scan-s", "2"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--scan-s applies to --ble only"), std::string::npos) << bad.err;
}

// `acquire --ble simulator`: the live Bluetooth path (link, engine, ring, journal, session file)
// with the simulated Progressor in place of the radio.
TEST_F(BleCli, AcquireFromTheSimulatedProgressorKeepsItsClockFirmwareBatteryAndTorque) {
  const std::string id = addPatient();
  const fs::path out = dir_ / "live.h5";
  Result r =
      run({"acquire", "--ble", "simulator", "--duration", "5", "--out", out.string(), "--patient",
           id, "--test", "knee-extension-90", "--lever-arm-m", "0.35", "--tare"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Hz measured (nominal 80.0 Hz), 0 gaps"), std::string::npos) << r.out;
  const auto trial = holdfast::store::readSessionFile(out).trials.at(0);
  EXPECT_EQ(trial.info.protocol, "tindeq-progressor");
  EXPECT_EQ(trial.info.port, "simulator");
  EXPECT_EQ(trial.info.device_serial, "simulator") << "a Bluetooth device is known by its address";
  EXPECT_EQ(trial.info.device_model, "Tindeq Progressor");
  EXPECT_EQ(trial.info.device_firmware, "1.2.4");
  EXPECT_EQ(trial.info.device_battery_mv, 3950.0);
  ASSERT_EQ(trial.info.raw_units.size(), 1u);
  EXPECT_EQ(trial.info.raw_units[0], "kg");
  // 5 s at 80 Hz, on the device's microsecond clock.
  ASSERT_GE(trial.device_time_s.size(), 380u);
  for (std::size_t i = 1; i < trial.device_time_s.size(); ++i)
    ASSERT_NEAR(trial.device_time_s[i] - trial.device_time_s[i - 1], 0.0125, 2e-6) << i;
  // The default simulated patient: 2 s at rest, then a pull to 350 N; tared at the start, so
  // the rest reads about 0 N. Kilograms on the wire, newtons stored (g = 9.80665).
  ASSERT_EQ(trial.channels.size(), 1u);
  EXPECT_NEAR(trial.channels[0].front(), 0.0, 2.0) << "tared";
  r = run({"analyze", out.string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& effort = j.at("trials").at(0).at("efforts").at(0);
  const double peak = effort.at("peak_force_n").get<double>();
  EXPECT_NEAR(peak, 350.0 - 15.0, 15.0) << "the pull less the tared 15 N preload";
  EXPECT_NEAR(effort.at("torque").at("peak_torque_nm").get<double>(), peak * 0.35, 1e-6);
}

TEST_F(BleCli, AcquireFromABluetoothDeviceOutOfReachSaysWhyInOneLineAndLeavesNothing) {
  const std::string id = addPatient();
  const fs::path out = dir_ / "radio.h5";
  const Result r = run({"acquire", "--ble", "c4:4f:33:6a:01:22", "--duration", "2", "--out",
                        out.string(), "--patient", id, "--test", "knee-extension-90"});
  if (r.code == 0) {
    std::cout << "a Bluetooth device answered at C4:4F:33:6A:01:22: " << r.out;
    return;
  }
  EXPECT_EQ(r.code, 1) << r.err;
  // No adapter here (and in CI): one line; with an adapter, the device is not in reach.
  EXPECT_TRUE(r.err.rfind("holdfast acquire: cannot open C4:4F:33:6A:01:22: ", 0) == 0 ||
              r.err.rfind("holdfast acquire: this holdfast was built without Qt", 0) == 0)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".journal")) << "a trial that never started leaves none";
  const Result again = run({"acquire", "--ble", "simulator", "--duration", "1", "--out",
                            out.string(), "--patient", id, "--test", "knee-extension-90"});
  EXPECT_EQ(again.code, 0) << again.err;
}

TEST_F(BleCli, AcquireBluetoothOptionsThatDoNotFitAreRefusedInOneLine) {
  const std::string id = addPatient();
  const fs::path out = dir_ / "x.h5";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--ble", "C4:4F:33"}, "--ble takes an address like C4:4F:33:6A:01:22"},
      {{"--ble", "simulator", "--port", "/dev/null"}, "--ble and --port name two devices"},
      {{"--ble", "simulator", "--baud", "9600"}, "--baud is a serial port's"},
      {{"--ble", "simulator", "--protocol", "tindeq"}, "did you mean tindeq-progressor?"},
      {{"--ble", "simulator", "--protocol", "ble-uart"}, "--ble simulator plays a Tindeq"},
      {{"--ble", "simulator", "--uart-text", "csv"}, "--uart-text applies to --protocol ble-uart"},
      {{"--ble", "E8:9F:6D:10:AA:03", "--protocol", "ble-uart", "--tare"},
       "--tare is the Progressor's"},
      {{"--port", "/dev/null", "--tare"}, "--uart-text and --tare apply to a --ble device"},
  };
  for (const auto& [options, said] : cases) {
    std::vector<std::string> args = {"acquire", "--out",      out.string(), "--patient",
                                     id,        "--duration", "1"};
    args.insert(args.end(), options.begin(), options.end());
    const Result r = run(args);
    EXPECT_EQ(r.code, 2) << said;
    EXPECT_NE(r.err.find(said), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_FALSE(fs::exists(out));
}

// A Bluetooth recording killed mid-trial keeps what the device said about itself: firmware and
// battery go into the journal's first record, not only into the trial's end (found when a
// killed Progressor trial recovered without them).
TEST_F(BleCli, AKilledProgressorTrialRecoversWithItsFirmwareAndBattery) {
  const std::string id = addPatient();
  const fs::path out = dir_ / "killed.h5";
  const pid_t acq =
      spawn({"acquire", "--ble", "simulator", "--duration", "30", "--out", out.string(),
             "--patient", id, "--test", "knee-extension-90", "--lever-arm-m", "0.35"},
            dir_ / "acq.out", dir_ / "acq.err");
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  kill(acq, SIGKILL);
  EXPECT_EQ(wait(acq), 128 + SIGKILL);
  ASSERT_TRUE(fs::exists(dir_ / "killed.h5.journal"));
  const Result r = run({"recover", out.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto trial = holdfast::store::readSessionFile(out).trials.at(0);
  EXPECT_EQ(trial.info.stop_reason, "interrupted");
  EXPECT_EQ(trial.info.protocol, "tindeq-progressor");
  EXPECT_EQ(trial.info.device_firmware, "1.2.4");
  EXPECT_EQ(trial.info.device_battery_mv, 3950.0);
  EXPECT_EQ(trial.info.lever_arm_m, 0.35);
  EXPECT_GT(trial.time_s.size(), 80u);
}
