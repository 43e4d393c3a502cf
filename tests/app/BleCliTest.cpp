// Bluetooth notification logs through `holdfast import`, as a user captures them (nRF Connect, a
// sniffer): the Progressor's log with no option but the format (its UUIDs say which device), the
// device's firmware and battery kept with the trial, the peak in `analyze --json`; the csv
// protocol over the Nordic UART Service imported like the same text from a file; and options
// that do not fit refused in one line with exit code 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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
    std::vector<std::string> args{"import", log, "--out", (dir_ / "x.h5").string(), "--patient", id,
                                  "--test", "isometric-max"};
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
