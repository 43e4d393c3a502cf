// The edges check what they are told (issue 26), through the real binaries: units read from
// every header form or declared, counts never taken for newtons, the COP checked against the
// moments, the AP axis declared, unknown test ids named with the nearest ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "CliFixture.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::Result;
namespace fs = std::filesystem;

namespace {

constexpr double kG = 9.80665;

/// The force of a stored one-trial session, first channel.
std::vector<double> storedForce(const fs::path& session) {
  const auto record = holdfast::store::readSessionFile(session);
  return record.trials.at(0).channels.at(0);
}

}  // namespace

class EdgesCli : public Cli {
 protected:
  /// Writes `text` to a file of the test's folder and returns its path.
  fs::path file(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

TEST_F(EdgesCli, CountsFromADeviceThatStatesItsScaleGiveTheBodyMassAndTheExportImportsBack) {
  const pid_t sim =
      startSimulator({"--protocol", "holdfast-binary", "--channels", "2", "--cells", "4",
                      "--scenario", "cmj", "--mass-kg", "75", "--duration", "8"});
  const std::string session = (dir_ / "cmj.h5").string();
  const Result r = run({"acquire", "--port", (dir_ / "device").string(), "--protocol",
                        "holdfast-binary", "--plates", "2", "--side", "both", "--duration", "6.5",
                        "--test", "cmj", "--out", session});
  ASSERT_EQ(r.code, 0) << r.err;
  wait(sim);
  const auto record = holdfast::store::readSessionFile(session);
  EXPECT_EQ(record.trials.at(0).info.unit, "N");
  EXPECT_NE(record.trials.at(0).info.calibration_json.find("device descriptor"), std::string::npos)
      << "the conversion is recorded with where it came from";
  const Result a = run({"analyze", session, "--json", "--no-store"});
  ASSERT_EQ(a.code, 0) << a.err;
  const auto j = nlohmann::json::parse(a.out);
  const auto& jump = j["trials"][0]["jumps"][0];
  EXPECT_NEAR(jump["body_mass_kg"].get<double>(), 75.0, 0.75) << "within 1 %";
  EXPECT_NEAR(jump["body_weight_n"].get<double>(), 75.0 * kG, 0.01 * 75.0 * kG);

  // Holdfast's own CSV export imports back, with no option, with its channels, sides, units,
  // COP (blank in flight), axes and test (from the results file beside it), and analyses to
  // the same jump.
  ASSERT_EQ(run({"export", session, "--csv", (dir_ / "csv").string()}).code, 0);
  fs::path csv;
  for (const auto& e : fs::directory_iterator(dir_ / "csv"))
    if (e.path().extension() == ".csv") csv = e.path();
  const Result back = run({"import", csv.string(), "--out", (dir_ / "back.h5").string()});
  ASSERT_EQ(back.code, 0) << back.err;
  EXPECT_EQ(back.err.find("unreadable"), std::string::npos) << back.err;
  const auto again = holdfast::store::readSessionFile(dir_ / "back.h5").trials.at(0);
  EXPECT_EQ(again.info.side, "both");
  EXPECT_EQ(again.channels.size(), 2u);
  EXPECT_EQ(again.cop_mm.size(), 4u);
  EXPECT_EQ(again.info.axes_source, "preset: Holdfast export (y antero-posterior)");
  EXPECT_EQ(again.time_s.size(), record.trials.at(0).time_s.size());
  const Result b = run({"analyze", (dir_ / "back.h5").string(), "--json", "--no-store"});
  ASSERT_EQ(b.code, 0) << b.err;
  const auto j_back = nlohmann::json::parse(b.out);
  const auto& jump_back = j_back["trials"][0]["jumps"][0];
  for (const char* key : {"jump_height_impulse_m", "body_weight_n", "takeoff_s",
                          "braking_impulse_n_s", "propulsive_impulse_n_s"})
    EXPECT_NEAR(jump_back[key].get<double>(), jump[key].get<double>(),
                1e-6 * std::abs(jump[key].get<double>()))
        << key;
}

TEST_F(EdgesCli, CountsNobodyCalibratedAreStoredAsCountsAndTheirAnalysisIsRefused) {
  const pid_t sim = startSimulator(
      {"--protocol", "holdfast-binary", "--channels", "1", "--no-descriptor", "--duration", "4"});
  const std::string session = (dir_ / "raw.h5").string();
  const Result r = run({"acquire", "--port", (dir_ / "device").string(), "--protocol",
                        "holdfast-binary", "--duration", "2", "--out", session});
  ASSERT_EQ(r.code, 0) << r.err;
  wait(sim);
  const auto record = holdfast::store::readSessionFile(session);
  EXPECT_EQ(record.trials.at(0).info.unit, "counts");
  EXPECT_GT(record.trials.at(0).time_s.size(), 1500u) << "every sample kept, as counts";
  const Result a = run({"analyze", session});
  EXPECT_EQ(a.code, 2);
  EXPECT_NE(a.err.find("raw ADC counts, not newtons"), std::string::npos) << a.err;
  EXPECT_NE(a.err.find("holdfast calibrate"), std::string::npos) << a.err;
  EXPECT_EQ(std::count(a.err.begin(), a.err.end(), '\n'), 1) << "one line: " << a.err;
}

TEST_F(EdgesCli, EveryHeaderFormOfAUnitIsReadAndStored) {
  struct Form {
    std::string header;  ///< the first line
    std::string rows;    ///< two rows: time 0 and 1 ms (or as the form writes it), force
    double second_n;     ///< the second row's force in newtons
    std::string unit;    ///< how the import names the force unit
  };
  const std::vector<Form> forms = {
      {"time,Fz[N]", "0,700.5\n0.001,701.5\n", 701.5, "N (from the header)"},
      {"time,Fz [kN]", "0,0.7005\n0.001,0.7015\n", 701.5, "kN (from the header)"},
      {"time,Force (N)", "0,700.5\n0.001,701.5\n", 701.5, "N (from the header)"},
      {"time,force_kN", "0,0.7005\n0.001,0.7015\n", 701.5, "kN (from the header)"},
      {"time,\"Force, lbf\"", "0,100\n0.001,200\n", 200 * 4.4482216152605, "lbf (from the header)"},
      {"time,force_kgf", "0,50\n0.001,71.5\n", 71.5 * kG, "kgf (from the header)"},
      // A load cell's kg and lb are forces (the live csv parser reads them the same way): they
      // were once assumed to be newtons, 9.8 and 4.4 times too small.
      {"time,force_kg", "0,50\n0.001,30.5\n", 30.5 * kG,
       "kgf (from the header: a load cell's kg is kilogram-force)"},
      {"time,load_lbs", "0,50\n0.001,30.5\n", 30.5 * 4.4482216152605,
       "lbf (from the header: a load cell's lb is pound-force)"},
      {"time,F [kg]", "0,50\n0.001,30.5\n", 30.5 * kG,
       "kgf (from the header: a load cell's kg is kilogram-force)"},
      {"time_ms,force", "0,700.5\n1,701.5\n", 701.5, "N (assumed"},
      {"Time (s),force", "0,700.5\n0.001,701.5\n", 701.5, "N (assumed"},
      {"time[us],force", "0,700.5\n1000,701.5\n", 701.5, "N (assumed"},
      {"\xEF\xBB\xBFtime,force", "0,700.5\n0.001,701.5\n", 701.5, "N (assumed"},  // Excel BOM
      {"time;force", "0;700,5\n0,001;701,5\n", 701.5, "N (assumed"},              // decimal comma
      {"time\tforce [N]", "0\t700.5\n0.001\t701.5\n", 701.5, "N (from the header)"},
      {"\"time\",\"force\"", "0,700.5\n0.001,701.5\n", 701.5, "N (assumed"},
  };
  int k = 0;
  for (const Form& f : forms) {
    const fs::path csv = file("form" + std::to_string(k) + ".csv", f.header + "\n" + f.rows);
    const fs::path out = dir_ / ("form" + std::to_string(k++) + ".h5");
    const Result r = run({"import", csv.string(), "--out", out.string()});
    ASSERT_EQ(r.code, 0) << f.header << ": " << r.err;
    EXPECT_NE(r.out.find(f.unit), std::string::npos) << f.header << ": " << r.out;
    const std::vector<double> force = storedForce(out);
    ASSERT_EQ(force.size(), 2u) << f.header;
    EXPECT_NEAR(force[1], f.second_n, 1e-3) << f.header;
    const auto record = holdfast::store::readSessionFile(out);
    EXPECT_NEAR(record.trials[0].time_s[1] - record.trials[0].time_s[0], 0.001, 1e-12) << f.header;
    const auto& units = record.trials[0].info.source_units;
    ASSERT_EQ(units.size(), 2u) << f.header;
    EXPECT_TRUE(std::any_of(units.begin(), units.end(),
                            [&](const std::string& u) {
                              return u.rfind("time", 0) != 0 && u.find(f.unit) != std::string::npos;
                            }))
        << f.header << ": the force's unit is stored with the trial";
  }
  // --units declares what a header does not say.
  const fs::path bare = file("bare.csv", "time,force\n0,0.7005\n0.001,0.7037\n");
  const Result r =
      run({"import", bare.string(), "--units", "force=kN", "--out", (dir_ / "bare.h5").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NEAR(storedForce(dir_ / "bare.h5")[1], 703.7, 1e-9);
}

TEST_F(EdgesCli, AUnitThatIsContradictedOrUnknownIsAnErrorNamingTheColumn) {
  const fs::path kn = file("kn.csv", "time,force[kN]\n0,0.7\n0.001,0.7\n");
  Result r = run({"import", kn.string(), "--units", "force=N", "--out", (dir_ / "a.h5").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("column 'force[kN]' says kN but --units says force=N"), std::string::npos)
      << r.err;
  const fs::path furlong = file("f.csv", "time,force [furlong]\n0,1\n0.001,1\n");
  r = run({"import", furlong.string(), "--out", (dir_ / "a.h5").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("column 'force [furlong]': 'furlong' is not a unit of force"),
            std::string::npos)
      << r.err;
  const fs::path counts = file("c.csv", "time,force_counts\n0,1\n0.001,1\n");
  r = run({"import", counts.string(), "--out", (dir_ / "a.h5").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("raw counts"), std::string::npos) << r.err;
  r = run({"import", kn.string(), "--units", "force=furlong", "--out", (dir_ / "a.h5").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a unit of force (N, kN, lbf, kgf)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "a.h5"));
  EXPECT_TRUE(holdfast::test::temporariesOf(dir_ / "a.h5").empty());
}

TEST_F(EdgesCli, ACopInMetresReadAsMillimetresIsRefusedNamingTheLikelyUnit) {
  // A 700 N stance at x = 63.7 mm, y = -28.5 mm: My = -Fz x, Mx = Fz y (x, y in m).
  std::string text = "Time,Fz,Mx,My,CoPx,CoPy\n";
  for (int i = 0; i < 100; ++i) {
    const double x = 0.0637 + 0.002 * std::sin(i * 0.1), y = -0.0285;
    char row[160];
    std::snprintf(row, sizeof row, "%.3f,700,%.6f,%.6f,%.6f,%.6f\n", i * 0.01, 700 * y, -700 * x, x,
                  y);
    text += row;
  }
  const fs::path csv = file("plate.csv", text);
  Result r = run({"import", csv.string(), "--out", (dir_ / "p.h5").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("1000 times smaller than its moments give"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("likely in m"), std::string::npos) << r.err;
  r = run({"import", csv.string(), "--units", "cop=m", "--out", (dir_ / "p.h5").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("agrees with its moments"), std::string::npos) << r.out;
  const auto record = holdfast::store::readSessionFile(dir_ / "p.h5");
  EXPECT_NEAR(record.trials[0].cop_mm[0][0], 63.7, 1e-9);

  const fs::path real = fs::path(HOLDFAST_REALDATA_DIR) / "isometric_analyzer" / "Example2.csv";
  if (!fs::exists(real)) {
    GTEST_SKIP()
        << "needs ../shared/realdata/isometric_analyzer/Example2.csv (the IsometricAnalyzer"
           " recording); the generated plate above was checked";
  }
  r = run({"import", real.string(), "--out", (dir_ / "ex2.h5").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("likely in m"), std::string::npos) << r.err;
}

TEST_F(EdgesCli, UnknownTestIdsAreErrorsThatNameTheNearest) {
  const fs::path csv = file("x.csv", "time,force\n0,1\n0.001,2\n");
  Result r = run({"import", csv.string(), "--test", "cmjj", "--out", (dir_ / "x.h5").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown test 'cmjj': did you mean cmj"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "x.h5"));
  const std::string patient = addPatient();
  r = run({"acquire", "--port", (dir_ / "no-device").string(), "--patient", patient, "--test",
           "isometic-max", "--duration", "1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown test 'isometic-max': did you mean isometric-max?"),
            std::string::npos)
      << r.err;
  // A plain import is recorded as a test of the library, with its definition.
  r = run({"import", csv.string(), "--out", (dir_ / "plain.h5").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto record = holdfast::store::readSessionFile(dir_ / "plain.h5");
  EXPECT_EQ(record.info.test, "isometric-max");
  EXPECT_FALSE(record.info.test_definition.empty());
#ifdef HOLDFAST_STATION_BIN
  const pid_t station =
      spawnWith({HOLDFAST_STATION_BIN, "--simulate", "--screenshot", (dir_ / "s.png").string(),
                 "--test", "cmjj", "--data-dir", (dir_ / "station-data").string()},
                dir_ / "station.out", dir_ / "station.err");
  EXPECT_EQ(wait(station), 2);
  EXPECT_NE(slurp(dir_ / "station.err").find("unknown test 'cmjj': did you mean cmj"),
            std::string::npos)
      << slurp(dir_ / "station.err");
#endif
}

TEST_F(EdgesCli, TheApAxisIsDeclaredPresetOrSaidToBeAssumed) {
  // Quiet stance on one plate: sway 6 mm SD along the file's x, 2 mm along y, in mm.
  std::string text = "time,fz,cop_x,cop_y\n";
  double sx = 0, sy = 0;
  for (int i = 0; i < 3000; ++i) {
    const double x = 6.0 * std::sqrt(2.0) * std::sin(i * 0.0211),
                 y = 2.0 * std::sqrt(2.0) * std::sin(i * 0.0173);
    sx += x * x;
    sy += y * y;
    char row[120];
    std::snprintf(row, sizeof row, "%.3f,700,%.6f,%.6f\n", i * 0.01, x, y);
    text += row;
  }
  const fs::path csv = file("stance.csv", text);
  const auto sway = [&](const std::vector<std::string>& extra, const std::string& name) {
    std::vector<std::string> args{"import",       csv.string(), "--test",
                                  "quiet-stance", "--out",      (dir_ / name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    const Result a =
        run({"analyze", (dir_ / name).string(), "--json", "--no-store", "--filter", "none"});
    EXPECT_EQ(a.code, 0) << a.err;
    return nlohmann::json::parse(a.out)["trials"][0];
  };
  // Undeclared: the file's x is taken as ML, and every result says it was assumed.
  const auto assumed = sway({}, "assumed.h5");
  EXPECT_NE(assumed.dump().find("ap_ml_axes_assumed"), std::string::npos) << assumed.dump();
  // Declared: x is antero-posterior, so the AP RMS is the 6 mm one.
  const auto declared = sway({"--ap-axis", "x"}, "declared.h5");
  EXPECT_EQ(declared.dump().find("ap_ml_axes_assumed"), std::string::npos) << declared.dump();
  const std::string d = declared.dump();
  const auto record = holdfast::store::readSessionFile(dir_ / "declared.h5");
  EXPECT_EQ(record.trials[0].info.ap_axis, "x");
  EXPECT_EQ(record.trials[0].info.axes_source, "declared (--ap-axis x)");
  const double rms_ap = std::sqrt(sx / 3000), rms_ml = std::sqrt(sy / 3000);
  const auto find = [&](const nlohmann::json& t, const char* key) {
    const std::string s = t.dump();
    const auto at = s.find(std::string("\"") + key + "\":");
    EXPECT_NE(at, std::string::npos) << key;
    return std::stod(s.substr(at + std::strlen(key) + 3));
  };
  EXPECT_NEAR(find(declared, "rms_ap_mm"), rms_ap, 0.05);
  EXPECT_NEAR(find(declared, "rms_ml_mm"), rms_ml, 0.05);
  EXPECT_NEAR(find(assumed, "rms_ml_mm"), rms_ap, 0.05) << "assumed: the other way round";
  // An axis that is not horizontal is refused.
  const Result bad =
      run({"import", csv.string(), "--ap-axis", "z", "--out", (dir_ / "bad.h5").string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--ap-axis z is not a horizontal axis"), std::string::npos) << bad.err;
}

TEST_F(EdgesCli, ConcurrentWritersOfEveryKindNeverLoseOrDamageASession) {
  // An isometric effort (quiet second, a second at ~300 N, release), imported as one trial.
  std::string text = "time,force\n";
  for (int i = 0; i < 2500; ++i) {
    const double t = i / 1000.0;
    const double f = t < 1.0   ? 20.0 + 0.3 * std::sin(i * 1.3)
                     : t < 2.0 ? 300.0 + 5 * std::sin(i * 0.05)
                               : 20.0;
    char row[64];
    std::snprintf(row, sizeof row, "%.3f,%.2f\n", t, f);
    text += row;
  }
  const fs::path csv = file("effort.csv", text);
  const fs::path folder = dir_ / "sessions";
  fs::create_directories(folder);
  const fs::path session = folder / "s.h5";
  ASSERT_EQ(run({"import", csv.string(), "--out", session.string()}).code, 0);

  // 2-8 writers at once, of every kind that writes a session: analyze storing its results,
  // import appending a trial, trial --exclude/--include, batch --store.
  std::mt19937 rng(26);
  std::size_t trials = 1;
  const int rounds = HOLDFAST_STRESS_ROUNDS;
  for (int round = 0; round < rounds; ++round) {
    if (trials >= 8) {
      // A fresh session now and then: rewriting a long one (trial --exclude copies it whole)
      // would make the test slow, not stronger.
      fs::remove(session);
      ASSERT_EQ(run({"import", csv.string(), "--out", session.string()}).code, 0);
      trials = 1;
    }
    const int writers = 2 + static_cast<int>(rng() % 7);
    std::vector<std::pair<pid_t, int>> started;
    for (int w = 0; w < writers; ++w) {
      const int kind = static_cast<int>(rng() % 5);
      char out_name[32], err_name[32], table[32];
      std::snprintf(out_name, sizeof out_name, "w%d.out", w);
      std::snprintf(err_name, sizeof err_name, "w%d.err", w);
      std::snprintf(table, sizeof table, "b%d.csv", w);
      std::vector<std::string> args;
      switch (kind) {
        case 0:
          args = {"analyze", session.string()};
          break;
        case 1:
          args = {"import", csv.string(), "--out", session.string()};
          break;
        case 2:
          args = {"trial", session.string(), "--exclude", "1", "--reason", "redo"};
          break;
        case 3:
          args = {"trial", session.string(), "--include", "1", "--reason", "kept"};
          break;
        default:
          args = {"batch", folder.string(), "--store", "--out", (dir_ / table).string()};
      }
      started.emplace_back(spawn(args, dir_ / out_name, dir_ / err_name), kind);
    }
    for (std::size_t w = 0; w < started.size(); ++w) {
      const int code = wait(started[w].first);
      char err_name[32];
      std::snprintf(err_name, sizeof err_name, "w%zu.err", w);
      const std::string err = slurp(dir_ / err_name);
      // The one refusal allowed: results of a session that gained a trial meanwhile.
      std::string said = err;
      if (started[w].second == 4) {  // batch says each file's error in its table
        char table[32];
        std::snprintf(table, sizeof table, "b%zu.csv", w);
        said += slurp(dir_ / table);
      }
      const bool stale =
          code == 1 && said.find("changed while it was analysed") != std::string::npos;
      EXPECT_TRUE(code == 0 || stale) << "round " << round << ", kind " << started[w].second
                                      << ": exit " << code << ": " << said;
      if (started[w].second == 1 && code == 0) ++trials;
    }
    // Always a valid session with every trial and every sample, and nothing left behind.
    holdfast::store::SessionRecord record;
    ASSERT_NO_THROW(record = holdfast::store::readSessionFile(session)) << "round " << round;
    ASSERT_EQ(record.trials.size(), trials) << "round " << round;
    for (const auto& t : record.trials) ASSERT_EQ(t.time_s.size(), 2500u) << "round " << round;
    ASSERT_TRUE(holdfast::test::temporariesOf(session).empty()) << "round " << round;
    ASSERT_FALSE(fs::exists(session.string() + ".lock")) << "round " << round;
    if (HasFailure()) break;
  }
}

TEST_F(EdgesCli, ATrialHoldsOnlySamplesTakenAfterItsStart) {
  // The simulator streams for 3 s before acquire opens it: what it queued meanwhile is older
  // than the trial and is left out (the pty's buffer and the device's queue alike), counted.
  const pid_t sim = startSimulator({"--duration", "9"});
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const std::string session = (dir_ / "late.h5").string();
  const Result r =
      run({"acquire", "--port", (dir_ / "device").string(), "--duration", "2", "--out", session});
  ASSERT_EQ(r.code, 0) << r.err;
  wait(sim);
  const auto trial = holdfast::store::readSessionFile(session).trials.at(0);
  EXPECT_GE(trial.device_time_s.front(), 2.9) << "the device's clock at the start";
  EXPECT_NEAR(static_cast<double>(trial.time_s.size()), 2000.0, 250.0)
      << "two seconds at 1 kHz, not the backlog";
  std::int64_t before = 0;
  for (const auto& [name, value] : trial.acquisition)
    if (name == "pre_start_samples_discarded" || name == "stale_samples_discarded") before += value;
  EXPECT_GT(before, 1000) << "what was left out is counted";
  EXPECT_NE(r.out.find(std::to_string(trial.time_s.size()) + " samples"), std::string::npos)
      << r.out;
}

TEST_F(EdgesCli, AStanceOnTwoPlatesExportedAsCsvImportsBackToTheSameSway) {
  const pid_t sim = startSimulator({"--scenario", "quiet-stance", "--channels", "2", "--cells", "4",
                                    "--sway-mm", "3", "--duration", "6"});
  const std::string session = (dir_ / "stance.h5").string();
  ASSERT_EQ(run({"acquire", "--port", (dir_ / "device").string(), "--plates", "2", "--side", "both",
                 "--duration", "4", "--test", "quiet-stance", "--condition", "eyes-closed",
                 "--surface", "foam", "--out", session})
                .code,
            0);
  wait(sim);
  ASSERT_EQ(run({"export", session, "--csv", (dir_ / "csv").string()}).code, 0);
  const Result back = run({"import", (dir_ / "csv" / "stance_trial_001.csv").string(), "--out",
                           (dir_ / "back.h5").string()});
  ASSERT_EQ(back.code, 0) << back.err;
  const auto sway = [&](const std::string& file) {
    const Result a = run({"analyze", file, "--json", "--no-store"});
    EXPECT_EQ(a.code, 0) << a.err;
    return nlohmann::json::parse(a.out)["trials"][0];
  };
  const auto before = sway(session), after = sway((dir_ / "back.h5").string());
  EXPECT_EQ(after["condition"], "eyes-closed");
  EXPECT_EQ(after["surface"], "foam");
  for (const char* key : {"path_length_mm", "mean_velocity_mm_per_s", "ellipse_area_95_mm2",
                          "rms_ap_mm", "rms_ml_mm", "mean_frequency_hz"}) {
    const double b = before["balance"][key].get<double>(), a = after["balance"][key].get<double>();
    EXPECT_NEAR(a, b, 1e-6 * std::abs(b)) << key;
  }
}

TEST_F(EdgesCli, ThePdsTwoPlateExportGetsItsAxesFromItsPreset) {
  const fs::path pds = fs::path(HOLDFAST_REALDATA_DIR) / "balance_pds" / "PDS13CF2grf.txt";
  if (!fs::exists(pds))
    GTEST_SKIP() << "needs ../shared/realdata/balance_pds/PDS13CF2grf.txt (the PDS data set)";
  const std::string session = (dir_ / "pds.h5").string();
  const Result r =
      run({"import", pds.string(), "--out", session, "--test", "quiet-stance", "--vertical", "y",
           "--units", "cop=m", "--columns",
           "left_fy=LGRF_Y,right_fy=RGRF_Y,left_cop_x=LCOP_X,left_cop_y=LCOP_Z,right_cop_x=RCOP_X,"
           "right_cop_y=RCOP_Z"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("preset: PDS export"), std::string::npos) << r.out;
  // The data set's X is antero-posterior: the SD of COPNET_X (the force-weighted net COP) is
  // the AP RMS, 11.234 mm; Z's, 7.264 mm, the ML one (computed from the file with numpy).
  const Result a = run({"analyze", session, "--json", "--no-store", "--filter", "none"});
  ASSERT_EQ(a.code, 0) << a.err;
  const auto b = nlohmann::json::parse(a.out)["trials"][0]["balance"];
  EXPECT_NEAR(b["rms_ap_mm"].get<double>(), 11.2341, 0.001);
  EXPECT_NEAR(b["rms_ml_mm"].get<double>(), 7.2640, 0.001);
  EXPECT_EQ(b.dump().find("ap_ml_axes_assumed"), std::string::npos);
}

TEST_F(EdgesCli, ACopOffThePlateAndAForceThatIsOnlyNoiseAreFlaggedAndShown) {
  // A stance whose COP sits 250 mm to the side of a 400 x 600 mm plate's centre: off it.
  std::string text = "time,Fz[N],COPx[mm],COPy[mm]\n";
  for (int i = 0; i < 3000; ++i) {
    const double t = i / 100.0;
    char row[96];
    std::snprintf(row, sizeof row, "%.2f,%.2f,%.2f,%.2f\n", t, 700 + 5 * std::sin(t),
                  250 + 3 * std::sin(0.7 * t), 4 * std::cos(0.5 * t));
    text += row;
  }
  const fs::path off = file("off.csv", text);
  const std::string session = (dir_ / "off.h5").string();
  Result r = run({"import", off.string(), "--out", session, "--test", "quiet-stance", "--ap-axis",
                  "y", "--plate-outline", "400x600"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("plate outline 400 x 600 mm (declared)"), std::string::npos) << r.out;
  const auto trial = holdfast::store::readSessionFile(session).trials.at(0);
  EXPECT_EQ(trial.info.plate_width_mm, 400.0);
  EXPECT_EQ(trial.info.plate_length_mm, 600.0);
  r = run({"analyze", session, "--no-store"});
  EXPECT_NE(r.out.find("cop_outside_plate"), std::string::npos) << r.out;
  // Without the outline nothing is claimed, and the import says it was not checked.
  r = run({"import", off.string(), "--out", (dir_ / "unknown.h5").string(), "--test",
           "quiet-stance", "--ap-axis", "y"});
  EXPECT_NE(r.out.find("plate outline not known"), std::string::npos) << r.out;
  r = run({"analyze", (dir_ / "unknown.h5").string(), "--no-store"});
  EXPECT_EQ(r.out.find("cop_outside_plate"), std::string::npos) << r.out;
  r = run({"import", off.string(), "--out", (dir_ / "bad.h5").string(), "--plate-outline", "400"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--plate-outline must be WIDTHxLENGTH"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "bad.h5"));

  // Nothing pushed: 5 s of sensor noise. Flagged apart from a weak effort, shown.
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(3.0, 0.8);
  text = "time,force[N]\n";
  for (int i = 0; i < 5000; ++i)
    text += std::to_string(i / 1000.0) + "," + std::to_string(noise(rng)) + "\n";
  const fs::path flat = file("flat.csv", text);
  ASSERT_EQ(run({"import", flat.string(), "--out", (dir_ / "flat.h5").string()}).code, 0);
  r = run({"analyze", (dir_ / "flat.h5").string(), "--no-store"});
  EXPECT_NE(r.out.find("force_never_exceeds_noise"), std::string::npos) << r.out;
}

TEST_F(EdgesCli, AnalyzeAsAnotherTestNamesTheNearestOrUsesThatTestsMethod) {
  const std::string session = (dir_ / "jump.h5").string();
  ASSERT_EQ(run({"import", holdfast::test::kJump, "--rate", "2000", "--out", session}).code, 0);
  Result r = run({"analyze", session, "--test", "cmjj"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown test 'cmjj': did you mean cmj"), std::string::npos) << r.err;
  // Imported as the default test (isometric), analysed as a countermovement jump.
  r = run({"analyze", session, "--json", "--no-store"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["trials"][0].value("jumps", nlohmann::json()).size(), 0u);
  r = run({"analyze", session, "--json", "--no-store", "--test", "cmj"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["method_source"].get<std::string>().find("(--test cmj)") != std::string::npos, true)
      << j["method_source"];
  EXPECT_EQ(j["method_overrides"][0], "test=cmj");
  EXPECT_GT(j["trials"][0]["jumps"].size(), 0u) << r.out.substr(0, 600);
}
