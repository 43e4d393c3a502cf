// The holdfast binary as a user runs it: exit codes, messages, and a trial recorded through the
// simulator holding exactly the samples the simulator sent.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "CliFixture.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::Result;
namespace fs = std::filesystem;

TEST_F(Cli, UnknownCommandExits2WithAMessage) {
  const Result r = run({"no-such-command"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown command 'no-such-command'"), std::string::npos) << r.err;
}

TEST_F(Cli, HelpListsTheCommandsAndEveryOption) {
  const Result main_help = run({"--help"});
  EXPECT_EQ(main_help.code, 0);
  for (const char* c : {"simulate", "acquire", "analyze", "devices"}) {
    EXPECT_NE(main_help.out.find(c), std::string::npos) << c;
  }
  const Result acquire = run({"acquire", "--help"});
  EXPECT_EQ(acquire.code, 0);
  for (const char* o : {"--port PATH", "--protocol", "--duration S", "--out FILE.h5",
                        "--patient ID", "--test NAME", "--side S", "--involved S", "--mass-kg X"}) {
    EXPECT_NE(acquire.out.find(o), std::string::npos) << o;
  }
  const Result simulate = run({"simulate", "--help"});
  for (const char* o :
       {"--link PATH", "--protocol", "--scenario NAME", "--rate HZ", "--seed N", "--duration S"}) {
    EXPECT_NE(simulate.out.find(o), std::string::npos) << o;
  }
  const Result analyze = run({"analyze", "--help"});
  EXPECT_NE(analyze.out.find("--json"), std::string::npos);
}

TEST_F(Cli, BadArgumentsExit2WithAMessage) {
  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"acquire", "--bogus"}, "unknown option --bogus"},
      {{"analyze", "x.h5", "--min-rest", "0.5"},
       "unknown option --min-rest for 'analyze': did you mean --min-rest-s?"},
      {{"acquire", "--out", "x.h5"}, "--port is required"},
      {{"acquire", "--port", "/nonexistent/tty", "--out", (dir_ / "x.h5").string()},
       "does not exist"},
      {{"acquire", "--port", "/dev/null", "--out", "/nonexistent/dir/x.h5"}, "does not exist"},
      {{"acquire", "--port", "/dev/null", "--out", "x.h5", "--side", "middle"}, "must be one of"},
      {{"acquire", "--port", "/dev/null", "--out", "x.h5", "--patient", "Jane Doe"}, "--patient"},
      {{"acquire", "--port", "/dev/null", "--out", "x.h5", "--mass-kg", "-4"}, "--mass-kg"},
      {{"simulate", "--link", "x", "--rate", "fast"}, "--rate"},
      {{"simulate", "--link", "x", "--protocol", "morse"}, "must be one of"},
      {{"simulate", "--link", "x", "--fault", "earthquake:3"}, "unknown fault"},
      {{"simulate", "--link", "x", "--fault", "unplug:1"}, "unknown fault"},
      {{"simulate", "--link", "x", "--fault", "drop:2"}, "drop probability"},
      {{"simulate", "--link", "x", "--protocol", "chronojump", "--channels", "2"}, "one channel"},
      {{"simulate", "--link", "x", "--channels", "5", "--cells", "4"}, "16 channels"},
      {{"acquire", "--port", "/dev/null", "--out", "x.h5", "--protocol", "telepathy"},
       "must be one of"},
      {{"acquire", "--port", "/dev/null", "--out", "x.h5", "--plates", "9"}, "--plates"},
      {{"acquire", "--port", "/dev/null", "--out", "x.h5", "--plate-size", "wide"}, "--plate-size"},
      {{"acquire", "--port", "/dev/null", "--out", "x.h5", "--csv-bare", "--protocol", "mark10"},
       "--protocol csv only"},
      {{"calibrate", "spin", "--device-serial", "S"}, "unknown action"},
      {{"calibrate", "span", "--port", "/dev/null", "--device-serial", "S"}, "--mass-kg"},
      {{"calibrate", "tare", "--port", "/dev/null"}, "--device-serial is needed"},
      {{"calibrate", "span", "--port", "/dev/null", "--device-serial", "S", "--mass-kg", "1",
        "--channel", "1,x"},
       "--channel"},
      {{"analyze"}, "needs FILE.h5"},
      {{"analyze", (dir_ / "missing.h5").string()}, "no such file"},
      {{"analyze", "x.h5", "--onset", "sd:-1"}, "--onset"},
  };
  for (const auto& c : cases) {
    const Result r = run(c.args);
    EXPECT_EQ(r.code, 2) << c.args[0] << " " << (c.args.size() > 1 ? c.args[1] : "") << ": "
                         << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << "expected '" << c.says << "' in: " << r.err;
  }
  std::ofstream(dir_ / "junk.h5") << "not a session";
  const Result junk = run({"analyze", (dir_ / "junk.h5").string()});
  EXPECT_EQ(junk.code, 2);
  EXPECT_NE(junk.err.find("not an HDF5 file"), std::string::npos) << junk.err;
}

TEST_F(Cli, TrialThroughTheSimulatorHoldsExactlyTheSamplesSent) {
  const std::string patient = addPatient();
  const pid_t sim = startSimulator({"--duration", "2", "--rate", "1000", "--seed", "5",
                                    "--sent-log", (dir_ / "sent.csv").string()});
  const fs::path session = dir_ / "session.h5";
  const Result acq = run({"acquire", "--port", (dir_ / "device").string(), "--duration", "30",
                          "--reconnect-timeout", "0", "--out", session.string(), "--patient",
                          patient, "--side", "left"});
  EXPECT_EQ(wait(sim), 0) << slurp(dir_ / "sim.err");
  ASSERT_EQ(acq.code, 0) << acq.err;

  const auto record = holdfast::store::readSessionFile(session);
  ASSERT_EQ(record.trials.size(), 1u);
  const auto& trial = record.trials[0];
  EXPECT_EQ(trial.info.stop_reason, "link_closed");
  // The header the simulator sent before acquire opened the port still names the channel.
  EXPECT_EQ(trial.info.channel_names, (std::vector<std::string>{"force_n"}));
  // Every sample sent after the start, none before (those are counted as discarded).
  const std::size_t stale = staleDiscarded(trial);
  EXPECT_EQ(samplesAsSent(trial, dir_ / "sent.csv"), trial.time_s.size());
  EXPECT_EQ(trial.time_s.size() + stale, 2000u) << "every sample sent, recorded or counted";
  EXPECT_NE(acq.out.find(std::to_string(trial.time_s.size()) + " samples"), std::string::npos)
      << acq.out;
  EXPECT_TRUE(holdfast::test::temporariesOf(dir_ / "session.h5").empty());
}

TEST_F(Cli, LeftAndRightTrialsAnalyzeToJsonWithAsymmetry) {
  const fs::path session = dir_ / "session.h5";
  const std::string patient = addPatient(), other = addPatient();
  for (const auto& [side, peak] :
       {std::pair<std::string, std::string>{"left", "400"}, {"right", "320"}}) {
    const pid_t sim = startSimulator({"--duration", "4", "--peak-n", peak});
    const Result acq = run({"acquire", "--port", (dir_ / "device").string(), "--duration", "30",
                            "--reconnect-timeout", "0", "--out", session.string(), "--patient",
                            patient, "--side", side, "--involved", "right", "--mass-kg", "80"});
    EXPECT_EQ(wait(sim), 0);
    ASSERT_EQ(acq.code, 0) << acq.err;
  }
  const Result r = run({"analyze", session.string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["trials"].size(), 2u);
  EXPECT_EQ(j["trials"][0]["side"], "left");
  EXPECT_EQ(j["trials"][1]["side"], "right");
  const auto& left = j["trials"][0]["efforts"][0];
  const double left_peak = left["peak_force_n"];
  const double right_peak = j["trials"][1]["efforts"][0]["peak_force_n"];
  // The simulator's plateau is within +-3 % effort variation and +1 % tremor of the set force.
  EXPECT_NEAR(left_peak, 400.0, 0.05 * 400.0);
  EXPECT_NEAR(right_peak, 320.0, 0.05 * 320.0);
  // The effort starts 2 s into the simulation; onsets count from the trial's first sample
  // (what the simulator sent before acquire opened the port is not part of the trial).
  const double t0 = holdfast::store::readSessionFile(session).trials[0].time_s.front();
  EXPECT_NEAR(static_cast<double>(left["onset_s"]), 2.0 - t0, 0.02) << "the effort starts 2 s in";
  EXPECT_NEAR(static_cast<double>(left["baseline_n"]), 15.0, 0.2) << "the simulator's preload";
  EXPECT_NEAR(static_cast<double>(left["relative_peak_n_per_kg"]), left_peak / 80.0, 1e-9);
  const auto peak_entry = std::find_if(j["asymmetry"].begin(), j["asymmetry"].end(),
                                       [](const auto& e) { return e["metric"] == "peak_force_n"; });
  ASSERT_NE(peak_entry, j["asymmetry"].end());
  const auto& a = *peak_entry;
  EXPECT_NEAR(static_cast<double>(a["lsi_percent"]), right_peak / left_peak * 100.0, 1e-9);
  EXPECT_NEAR(static_cast<double>(a["asymmetry_index_percent"]),
              (right_peak - left_peak) / left_peak * 100.0, 1e-9);
  EXPECT_EQ(j["method"]["onset"], "sd:5");

  // The text form says the same thing in words.
  const Result text = run({"analyze", session.string()});
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("limb symmetry index"), std::string::npos) << text.out;

  // A trial for another patient is refused, and the session stays as it was.
  const auto before = fs::file_size(session);
  const Result clash =
      run({"acquire", "--port", "/dev/null", "--out", session.string(), "--patient", other});
  EXPECT_EQ(clash.code, 2);
  EXPECT_NE(clash.err.find("belongs to patient '" + patient + "'"), std::string::npos) << clash.err;
  EXPECT_EQ(fs::file_size(session), before);
}

#ifdef HOLDFAST_STATION_BIN
// The station parses its command line before Qt starts: help, version and a bad option need no
// display (a clinic's install script, a headless server, ssh without X forwarding).
TEST_F(Cli, StationHelpVersionAndBadOptionsNeedNoDisplay) {
  const auto station = [&](const std::string& arg) {
    const pid_t pid = spawnWith({"/usr/bin/env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u",
                                 "QT_QPA_PLATFORM", HOLDFAST_STATION_BIN, arg},
                                dir_ / "out.txt", dir_ / "err.txt");
    return Result{wait(pid), slurp(dir_ / "out.txt"), slurp(dir_ / "err.txt")};
  };
  const Result help = station("--help");
  EXPECT_EQ(help.code, 0) << help.err;
  for (const char* o : {"--test ID", "--test-library DIR", "--data-dir DIR", "--simulate"})
    EXPECT_NE(help.out.find(o), std::string::npos) << o << "\n" << help.out;
  const Result version = station("--version");
  EXPECT_EQ(version.code, 0) << version.err;
  EXPECT_EQ(version.out.rfind("holdfast-station ", 0), 0u) << version.out;
  const Result bad = station("--protocols");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("unknown option --protocols"), std::string::npos) << bad.err;
}
#endif
