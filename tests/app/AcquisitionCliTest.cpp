// The acquisition commands end to end, as separate processes: calibrate a simulated dual
// 4-cell plate, record through the Holdfast binary protocol, re-derive the stored force from
// the raw counts, and survive an unplug with a gap marker in the session.

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "CliFixture.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionJournal.h"

using namespace holdfast::test;

namespace {

class AcquisitionCli : public Cli {
 protected:
  std::vector<std::string> device(const std::string& action, std::vector<std::string> extra) {
    std::vector<std::string> a{"calibrate",       action,
                               "--port",          (dir_ / "device").string(),
                               "--protocol",      "holdfast-binary",
                               "--device-serial", "PLATE-7",
                               "--calibration",   (dir_ / "cal.json").string(),
                               "--seconds",       "5"};  // ends when the device does
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  pid_t plate(const std::string& scenario, const std::string& newtons, const std::string& seconds,
              std::vector<std::string> extra = {}) {
    std::vector<std::string> a{
        "--protocol", "holdfast-binary", "--channels", "2",     "--cells",    "4",
        "--scenario", scenario,          "--peak-n",   newtons, "--duration", seconds};
    a.insert(a.end(), extra.begin(), extra.end());
    return startSimulator(a);
  }
};

}  // namespace

TEST_F(AcquisitionCli, CalibratedDualPlateRecordsRawCalibratedForceAndCentreOfPressure) {
  const std::string patient = addPatient();
  // Tare with nothing on the plates, then a 20 kg span on each plate's four cells.
  pid_t sim = plate("static", "0", "1");
  Result r = run(device("tare", {}));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(wait(sim), 0);
  for (const char* cells : {"1,2,3,4", "5,6,7,8"}) {
    sim = plate("static", "196.133", "1", {"--noise-n", "0.2"});
    r = run(device("span", {"--mass-kg", "20", "--channel", cells}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(wait(sim), 0);
  }

  // Maximal efforts with the right side 20 % weaker.
  sim = plate("isometric-mvc", "400", "6", {"--deficit-percent", "20"});
  const fs::path session = dir_ / "plates.h5";
  r = run({"acquire", "--port", (dir_ / "device").string(), "--protocol", "holdfast-binary",
           "--device-serial", "PLATE-7", "--calibration", (dir_ / "cal.json").string(), "--plates",
           "2", "--side", "both", "--out", session.string(), "--patient", patient,
           "--reconnect-timeout", "0"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(wait(sim), 0);
  EXPECT_EQ(r.err.find("uncalibrated"), std::string::npos) << r.err;

  const auto record = holdfast::store::readSessionFile(session);
  const auto& trial = record.trials.at(0);
  ASSERT_EQ(trial.channels.size(), 2u);
  ASSERT_EQ(trial.raw.size(), 8u);
  ASSERT_EQ(trial.cop_mm.size(), 4u);
  EXPECT_EQ(trial.info.channel_names, (std::vector<std::string>{"left", "right"}));
  EXPECT_EQ(trial.info.raw_units.at(0), "counts");
  EXPECT_EQ(trial.info.device_serial, "PLATE-7");
  EXPECT_NEAR(trial.info.nominal_rate_hz, 1000.0, 1.0);

  // The stored force is exactly the raw counts through the stored calibration.
  const auto cal = nlohmann::json::parse(trial.info.calibration_json);
  ASSERT_EQ(cal["channels"].size(), 8u);
  double peak_left = 0.0, peak_right = 0.0;
  for (std::size_t i = 0; i < trial.time_s.size(); ++i) {
    for (std::size_t p = 0; p < 2; ++p) {
      double sum = 0.0;
      for (std::size_t c = 0; c < 4; ++c) {
        const auto& k = cal["channels"][4 * p + c];
        sum += (trial.raw[4 * p + c][i] - k["offset"].get<double>()) *
               k["scale_n_per_unit"].get<double>();
      }
      // force_n is stored to 0.001 N (docs/hdf5-schema.md, Storage).
      ASSERT_NEAR(sum, trial.channels[p][i], 0.5e-3 + 1e-9) << "sample " << i;
    }
    peak_left = std::max(peak_left, trial.channels[0][i]);
    peak_right = std::max(peak_right, trial.channels[1][i]);
    // The centre of pressure stays on the plate: the simulated sway is within 20 mm x 25 mm.
    if (!std::isnan(trial.cop_mm[0][i])) {
      ASSERT_LT(std::abs(trial.cop_mm[0][i]), 25.0);
      ASSERT_LT(std::abs(trial.cop_mm[1][i]), 30.0);
    }
  }
  EXPECT_NEAR(peak_left, 400.0, 20.0);  // calibration within a few percent

  // The activity log of the data folder says what was recorded and built.
  const std::string log = slurp(defaultData() / "logs" / "holdfast.log");
  EXPECT_NE(log.find("acquire["), std::string::npos) << log;
  EXPECT_NE(log.find("recording trial (both) of patient '" + patient + "'"), std::string::npos)
      << log;
  EXPECT_NE(log.find("trial stopped: "), std::string::npos) << log;
  EXPECT_NE(log.find("session file " + session.string() + " built: trial 1"), std::string::npos)
      << log;
  EXPECT_NEAR(peak_right / peak_left, 0.8, 0.03);

  r = run({"analyze", session.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("asymmetry index"), std::string::npos) << r.out;
}

TEST_F(AcquisitionCli, CalibrationMultipointFitAndDriftCheck) {
  for (const char* kg : {"0", "10", "20"}) {
    const std::string n = std::to_string(std::stod(kg) * 9.80665);
    const pid_t sim = startSimulator({"--protocol", "holdfast-binary", "--scenario", "static",
                                      "--peak-n", n, "--noise-n", "0.1", "--duration", "1"});
    const Result r = run(device("point", {"--mass-kg", kg}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(wait(sim), 0);
  }
  Result r = run({"calibrate", "fit", "--device-serial", "PLATE-7", "--calibration",
                  (dir_ / "cal.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("method multipoint, R^2 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("over 3 points"), std::string::npos) << r.out;

  // Unloaded now reads about 0 N: no drift. With 5 N on it, the check fails with exit 1.
  pid_t sim = startSimulator({"--protocol", "holdfast-binary", "--scenario", "static", "--peak-n",
                              "0", "--noise-n", "0.1", "--duration", "1"});
  r = run(device("check", {"--tolerance-n", "2"}));
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(wait(sim), 0);
  sim = startSimulator({"--protocol", "holdfast-binary", "--scenario", "static", "--peak-n", "5",
                        "--noise-n", "0.1", "--duration", "1"});
  r = run(device("check", {"--tolerance-n", "2"}));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("DRIFT"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("calibrate tare"), std::string::npos) << r.err;
  EXPECT_EQ(wait(sim), 0);

  r = run({"calibrate", "show", "--device-serial", "NOBODY", "--calibration",
           (dir_ / "cal.json").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no calibration stored"), std::string::npos);
  r = run(device("span", {}));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--mass-kg"), std::string::npos);
}

TEST_F(AcquisitionCli, UnplugDuringATrialReconnectsAndLeavesAGapMarker) {
  const std::string patient = addPatient();
  const pid_t sim =
      startSimulator({"--protocol", "chronojump", "--fault", "unplug:1:0.5", "--duration", "3.5",
                      "--sent-log", (dir_ / "sent.log").string()});
  const fs::path session = dir_ / "replug.h5";
  const Result r =
      run({"acquire", "--port", (dir_ / "device").string(), "--protocol", "chronojump", "--out",
           session.string(), "--patient", patient, "--reconnect-timeout", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(wait(sim), 0);
  EXPECT_NE(r.out.find("1 reconnects"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("link back"), std::string::npos) << r.err;
  const auto trial = holdfast::store::readSessionFile(session).trials.at(0);
  std::size_t reconnected = 0, link_closed = 0;
  for (const auto& e : trial.events) {
    if (e.kind == "reconnected") {
      ++reconnected;
      // After the samples of the first second: how many depends on how long acquire took to
      // start (479 under TSan, with the registry opened to check the patient).
      EXPECT_GT(e.sample_index, 100);
      EXPECT_LT(e.sample_index, static_cast<std::int64_t>(trial.time_s.size()));
    }
    if (e.kind == "link_closed") ++link_closed;
  }
  EXPECT_EQ(reconnected, 1u);
  EXPECT_EQ(link_closed, 2u);
  for (std::size_t i = 1; i < trial.time_s.size(); ++i)
    ASSERT_GT(trial.time_s[i], trial.time_s[i - 1]);
  EXPECT_EQ(trial.raw.at(0).size(), trial.time_s.size());
  EXPECT_NEAR(trial.info.measured_rate_hz, 1000.0, 5.0);  // the hole is not streamed time
}

TEST_F(AcquisitionCli, ABaudMismatchIsAClearErrorAndRecordsNothing) {
  // The device at 115200 baud, the station's UART at 9600: garbage, never a sample.
  const pid_t sim = startSimulator({"--fault", "baud:0.0833", "--duration", "3"});
  const fs::path session = dir_ / "baud.h5";
  const Result r = run({"acquire", "--port", (dir_ / "device").string(), "--out", session.string(),
                        "--duration", "1.5", "--reconnect-timeout", "0"});
  wait(sim);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("no samples received"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--baud"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rejected"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(session));
  EXPECT_FALSE(fs::exists(holdfast::store::journalPathFor(session)));
}

TEST_F(AcquisitionCli, LowRateDeviceGetsTheEarlyRfdWarning) {
  const pid_t sim =
      startSimulator({"--protocol", "openscale", "--rate", "80", "--duration", "1.5"});
  const Result r = run({"acquire", "--port", (dir_ / "device").string(), "--protocol", "openscale",
                        "--out", (dir_ / "scale.h5").string(), "--reconnect-timeout", "0"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(wait(sim), 0);
  EXPECT_NE(r.err.find("too low for early rate of force development"), std::string::npos) << r.err;
  const auto trial = holdfast::store::readSessionFile(dir_ / "scale.h5").trials.at(0);
  EXPECT_EQ(trial.info.raw_units.at(0), "kg");
  // The weight in kg is stored as sent; force_n is it times standard gravity.
  EXPECT_NEAR(trial.channels.at(0)[10], trial.raw.at(0)[10] * 9.80665, 0.5e-3 + 1e-9);
}

// Acceptance of the journal: kill -9 during a recording, then `recover` gives a file holding
// exactly the samples the device sent, up to at most 0.5 s before the kill.
TEST_F(AcquisitionCli, KillNineDuringAcquireThenRecoverKeepsAllButTheLastHalfSecond) {
  const std::string patient = addPatient();
  const auto sim_started = std::chrono::steady_clock::now();
  const pid_t sim = startSimulator({"--duration", "8", "--rate", "1000", "--seed", "9",
                                    "--sent-log", (dir_ / "sent.csv").string()});
  const fs::path session = dir_ / "session.h5";
  const pid_t acq = spawn({"acquire", "--port", (dir_ / "device").string(), "--reconnect-timeout",
                           "0", "--out", session.string(), "--patient", patient},
                          dir_ / "acq.out", dir_ / "acq.err");
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  const double killed_after_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sim_started).count();
  kill(acq, SIGKILL);
  EXPECT_EQ(wait(acq), 128 + SIGKILL);
  EXPECT_TRUE(fs::exists(dir_ / "session.h5.journal"));
  EXPECT_FALSE(fs::exists(session));
  kill(sim, SIGTERM);
  wait(sim);

  // A new recording must not go over the unrecovered one.
  const Result refused = run({"acquire", "--port", (dir_ / "device").string(), "--out",
                              session.string(), "--duration", "1"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("holdfast recover"), std::string::npos) << refused.err;

  const Result rec = run({"recover", session.string()});
  ASSERT_EQ(rec.code, 0) << rec.err;
  EXPECT_NE(rec.out.find("interrupted"), std::string::npos) << rec.out;
  EXPECT_FALSE(fs::exists(dir_ / "session.h5.journal"));
  const auto record = holdfast::store::readSessionFile(session);
  ASSERT_EQ(record.trials.size(), 1u);
  const auto& trial = record.trials[0];
  EXPECT_EQ(trial.info.stop_reason, "interrupted");
  EXPECT_EQ(record.info.patient_id, patient);

  // Every recovered sample is the one the device sent, in order, none missing.
  EXPECT_EQ(samplesAsSent(trial, dir_ / "sent.csv"), trial.time_s.size());
  // The device streamed from its start at 1 kHz; the kill came `killed_after_s` later. Samples
  // sent in the last 0.5 s before the kill may be lost, nothing earlier: the journal is synced
  // every 250 ms (measured loss 0.23-0.24 s in the release build). Under AddressSanitizer the
  // drain thread runs several times slower and a CI machine's two cores are shared with other
  // tests: a sync came 0.51 s late once, so there the bound is 1 s.
  // (Device time counts from the device's start, like killed_after_s.)
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  constexpr double kMayLose = 1.0;
#else
  constexpr double kMayLose = 0.5;
#endif
  const double last = trial.time_s.back();
  EXPECT_GE(last, killed_after_s - kMayLose - 0.001)
      << "recovered up to " << last << " s of a recording killed after " << killed_after_s << " s";
  EXPECT_GT(trial.time_s.size(), 2000u);
  std::printf("killed %.3f s after the device started; recovered %zu samples up to %.3f s\n",
              killed_after_s, trial.time_s.size(), last);

  // The interrupted trial is listed but not counted until a clinician includes it.
  const Result analysed = run({"analyze", session.string(), "--json", "--no-store"});
  EXPECT_NE(analysed.out.find("\"left_out\": \"interrupted and recovered"), std::string::npos)
      << analysed.out.substr(0, 400);
  EXPECT_EQ(analysed.out.find("\"summary\": [\n    {"), std::string::npos)
      << "no best or mean from an interrupted trial";

  // A second recover has nothing to do and says so.
  const Result again = run({"recover", session.string()});
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("no journal"), std::string::npos) << again.err;
}

// A disk that fills up during a recording (a file-size limit makes writes fail with EFBIG as
// ENOSPC would): acquire stops with a clear message and exit 1, and everything synced to the
// journal before is kept: built into the session at once (the compressed HDF5 file is smaller
// than the journal, so it still fits under a per-file limit), or left in the journal for
// `recover` when even that fails.
TEST_F(AcquisitionCli, DiskFullDuringRecordingKeepsEverySampleSyncedBefore) {
  const pid_t sim = startSimulator({"--duration", "6", "--rate", "1000", "--seed", "3",
                                    "--sent-log", (dir_ / "sent.csv").string()});
  const fs::path session = dir_ / "full.h5";
  // 120 kB: room for about 3 s of journal.
  const pid_t acq =
      spawnWith({"/usr/bin/prlimit", "--fsize=120000", HOLDFAST_BIN, "acquire", "--port",
                 (dir_ / "device").string(), "--reconnect-timeout", "0", "--out", session.string()},
                dir_ / "acq.out", dir_ / "acq.err");
  const int code = wait(acq);
  kill(sim, SIGTERM);
  wait(sim);
  const std::string err = slurp(dir_ / "acq.err");
  EXPECT_EQ(code, 1) << err;
  EXPECT_NE(err.find("disk full"), std::string::npos) << err;
  if (fs::exists(dir_ / "full.h5.journal")) {
    EXPECT_NE(err.find("holdfast recover"), std::string::npos) << err;
    const Result rec = run({"recover", session.string()});
    ASSERT_EQ(rec.code, 0) << rec.err;
  } else {
    EXPECT_NE(err.find("recorded before the failure are kept as trial 1"), std::string::npos)
        << err;
  }
  const auto trial = holdfast::store::readSessionFile(session).trials.at(0);
  EXPECT_GT(trial.time_s.size(), 1000u);
  EXPECT_EQ(samplesAsSent(trial, dir_ / "sent.csv"), trial.time_s.size());
}

// An output folder that cannot be written: a clear message before anything is recorded.
TEST_F(AcquisitionCli, UnwritableOutputFolderIsRefusedBeforeRecording) {
  const pid_t sim = startSimulator({"--duration", "3"});
  const Result r = run({"acquire", "--port", (dir_ / "device").string(), "--out",
                        "/proc/holdfast/session.h5", "--duration", "1"});
  kill(sim, SIGTERM);
  wait(sim);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("/proc/holdfast"), std::string::npos) << r.err;
}

// The same on a real full file system (a 600 kB tmpfs; needs the right to mount, else
// skipped): the journal fills the disk, the session cannot be built either, the message says
// to recover, and once space is freed `recover` gives every sample that was synced.
TEST_F(AcquisitionCli, RealFullFileSystemThenRecoverAfterFreeingSpace) {
  const fs::path disk = dir_ / "disk";
  fs::create_directories(disk);
  if (std::system(
          ("mount -t tmpfs -o size=600k tmpfs " + disk.string() + " 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (not privileged)";
  }
  {
    std::ofstream ballast(disk / "ballast.bin", std::ios::binary);
    ballast << std::string(400000, 'x');
  }
  const pid_t sim = startSimulator({"--duration", "8", "--rate", "1000", "--seed", "4",
                                    "--sent-log", (dir_ / "sent.csv").string()});
  const fs::path session = disk / "s.h5";
  const Result acq = run({"acquire", "--port", (dir_ / "device").string(), "--reconnect-timeout",
                          "0", "--out", session.string()});
  kill(sim, SIGTERM);
  wait(sim);
  EXPECT_EQ(acq.code, 1) << acq.err;
  EXPECT_NE(acq.err.find("No space left on device (disk full)"), std::string::npos) << acq.err;
  const bool journal_left = fs::exists(disk / "s.h5.journal");
  if (journal_left) {
    EXPECT_NE(acq.err.find("holdfast recover"), std::string::npos) << acq.err;
    fs::remove(disk / "ballast.bin");
    const Result rec = run({"recover", session.string()});
    EXPECT_EQ(rec.code, 0) << rec.err;
  }
  std::size_t samples = 0;
  if (fs::exists(session)) {
    const auto trial = holdfast::store::readSessionFile(session).trials.at(0);
    samples = trial.time_s.size();
    EXPECT_EQ(samplesAsSent(trial, dir_ / "sent.csv"), samples);
  }
  std::printf("full disk: journal %s, %zu samples kept\n",
              journal_left ? "left for recover" : "built at once", samples);
  EXPECT_GT(samples, 1000u);
  EXPECT_EQ(std::system(("umount " + disk.string()).c_str()), 0);
}

// Two processes on one data folder lose nothing: `recover --all` (what the station runs at
// start-up) while `acquire` records leaves the live journal alone, names who has it, and the
// recording ends with every sample the device sent.
TEST_F(AcquisitionCli, RecoverWhileAcquireRecordsLeavesTheLiveJournalAlone) {
  const std::string patient = addPatient();
  const pid_t sim = startSimulator({"--duration", "6", "--rate", "1000", "--seed", "11",
                                    "--sent-log", (dir_ / "sent.csv").string()});
  const fs::path session = dir_ / "live.h5";
  const pid_t acq = spawn({"acquire", "--port", (dir_ / "device").string(), "--reconnect-timeout",
                           "0", "--out", session.string(), "--patient", patient},
                          dir_ / "acq.out", dir_ / "acq.err");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(fs::exists(dir_ / "live.h5.journal"));
  const Result rec = run({"recover", "--all", dir_.string()});
  EXPECT_EQ(rec.code, 0) << rec.err;
  EXPECT_NE(rec.out.find("being recorded by pid " + std::to_string(acq)), std::string::npos)
      << rec.out << rec.err;
  EXPECT_TRUE(fs::exists(dir_ / "live.h5.journal"));
  EXPECT_FALSE(fs::exists(session));
  // A second acquire into the same session is refused with the same reason.
  const Result second =
      run({"acquire", "--port", "/dev/null", "--out", session.string(), "--duration", "1"});
  EXPECT_EQ(second.code, 1);
  EXPECT_NE(second.err.find("is being recorded by pid " + std::to_string(acq)), std::string::npos)
      << second.err;
#ifdef HOLDFAST_STATION_BIN  // builds without Qt (the TSan one) have no station
  // A station started on the same data folder (its start-up recovery) leaves it alone too, and
  // records a session of its own meanwhile.
  if (getenv("DISPLAY") == nullptr || *getenv("DISPLAY") == 0)
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
  const pid_t station =
      spawnWith({HOLDFAST_STATION_BIN, "--data-dir", dir_.string(), "--simulate", "--screenshot",
                 (dir_ / "station.png").string(), "--trial-seconds", "3", "--countdown-seconds",
                 "1", "--trials", "1"},
                dir_ / "station.out", dir_ / "station.err");
  EXPECT_EQ(wait(station), 0) << slurp(dir_ / "station.err");
  EXPECT_NE(slurp(dir_ / "station.err").find("being recorded by pid " + std::to_string(acq)),
            std::string::npos)
      << slurp(dir_ / "station.err");
#endif
  EXPECT_EQ(wait(sim), 0);
  EXPECT_EQ(wait(acq), 0) << slurp(dir_ / "acq.err");
  EXPECT_FALSE(fs::exists(dir_ / "live.h5.journal"));
  const auto record = holdfast::store::readSessionFile(session);
  ASSERT_EQ(record.trials.size(), 1u);
  const auto& trial = record.trials[0];
  EXPECT_EQ(samplesAsSent(trial, dir_ / "sent.csv"), trial.time_s.size());
  // Every sample sent after the start is in the session (the sent log has one line per sample;
  // those sent before acquire opened the port are counted as discarded).
  std::ifstream sent(dir_ / "sent.csv");
  std::size_t lines = 0;
  for (std::string l; std::getline(sent, l);) ++lines;
  EXPECT_EQ(trial.time_s.size() + staleDiscarded(trial), lines);
}
