// C3D in and out through the holdfast command, as a lab would use it: a two-plate stance and a
// load-cell trial exported and imported back unchanged (to the trial's resolution, float32 for
// force stored without one), a public file from a lab's software imported with its plates,
// and damaged files or wrong plate numbers refused in one line with exit code 2.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "CliFixture.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::kJump;
using holdfast::test::Result;
namespace fs = std::filesystem;

namespace {

class C3dCli : public Cli {
 protected:
  /// Two plates' vertical force and COP (mm), 20 s at 1 kHz, a plate export CSV; the first and
  /// last 500 ms unloaded (the COP is then absent).
  fs::path stanceCsv() const {
    const fs::path p = dir_ / "stance.csv";
    std::ofstream f(p);
    f << "time,left_fz,left_cop_x,left_cop_y,right_fz,right_cop_x,right_cop_y\n";
    for (int i = 0; i < 20000; ++i) {
      const bool loaded = i >= 500 && i < 19500;
      const double t = i / 1000.0;
      f << t << "," << (loaded ? 350.0 + 4 * std::sin(t) : 2.0) << "," << 3 * std::sin(0.7 * t) << ","
        << 5 * std::cos(0.3 * t) << "," << (loaded ? 340.0 + 3 * std::cos(t) : 1.5) << ","
        << -2 * std::sin(0.5 * t) << "," << 4 * std::sin(0.2 * t) << "\n";
    }
    return p;
  }
  static fs::path only(const fs::path& dir) {
    for (const auto& e : fs::directory_iterator(dir)) return e.path();
    return {};
  }
};

TEST_F(C3dCli, ATwoPlateStanceExportsAndImportsBackUnchanged) {
  const std::string id = addPatient();
  const fs::path original = dir_ / "stance.h5", back = dir_ / "back.h5";
  Result r = run({"import", stanceCsv().string(), "--out", original.string(), "--patient", id,
                  "--test", "quiet-stance", "--plate-outline", "400x600", "--ap-axis", "y"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"export", original.string(), "--c3d", (dir_ / "c3d").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("1 C3D file(s)"), std::string::npos) << r.out;
  const fs::path c3d = only(dir_ / "c3d");
  EXPECT_EQ(c3d.extension(), ".c3d");
  r = run({"import", c3d.string(), "--out", back.string(), "--patient", id, "--test", "quiet-stance"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("imported from c3d"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[left=plate 1 Fz, right=plate 2 Fz]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("plate outline 400 x 600 mm (from the file's plate corners)"), std::string::npos)
      << r.out;

  const auto a = holdfast::store::readSessionFile(original).trials.at(0);
  const auto b = holdfast::store::readSessionFile(back).trials.at(0);
  ASSERT_EQ(a.time_s.size(), b.time_s.size());
  ASSERT_EQ(b.channels.size(), 2u);
  EXPECT_EQ(b.info.side, "both");
  EXPECT_EQ(b.info.cop_names, a.info.cop_names);
  EXPECT_EQ(b.info.plate_width_mm, 400.0);
  EXPECT_EQ(b.info.plate_length_mm, 600.0);
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t i = 0; i < a.time_s.size(); ++i)
      ASSERT_NEAR(b.channels[c][i], a.channels[c][i], std::max(a.info.force_resolution_n / 2, 4e-7 * std::abs(a.channels[c][i])))
          << "channel " << c << " sample " << i;
  // The COP comes back as it was, unloaded samples (NaN) included.
  ASSERT_EQ(b.cop_mm.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    for (std::size_t i = 0; i < a.time_s.size(); ++i) {
      if (std::isnan(a.cop_mm[k][i])) {
        ASSERT_TRUE(std::isnan(b.cop_mm[k][i])) << "column " << k << " sample " << i;
      } else {
        ASSERT_NEAR(b.cop_mm[k][i], a.cop_mm[k][i], 1e-4) << "column " << k << " sample " << i;
      }
    }
  }
  // The sway of the stance is the same.
  const Result ra = run({"analyze", original.string()}), rb = run({"analyze", back.string()});
  const auto velocity = [](const std::string& out) {
    const auto at = out.find("\n1 ");
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at + 1) - at);
  };
  EXPECT_FALSE(velocity(ra.out).empty()) << ra.out;
  EXPECT_EQ(velocity(ra.out), velocity(rb.out)) << ra.out << "\n" << rb.out;
}

TEST_F(C3dCli, ALoadCellTrialKeepsItsSideAndItsResults) {
  const std::string id = addPatient();
  const fs::path original = dir_ / "jump.h5", back = dir_ / "jump-back.h5";
  Result r = run({"import", kJump, "--rate", "2000", "--out", original.string(), "--patient", id,
                  "--test", "cmj"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"export", original.string(), "--c3d", (dir_ / "c3d").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"import", only(dir_ / "c3d").string(), "--out", back.string(), "--patient", id, "--test", "cmj"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto a = holdfast::store::readSessionFile(original).trials.at(0);
  const auto b = holdfast::store::readSessionFile(back).trials.at(0);
  EXPECT_EQ(b.info.side, a.info.side);
  EXPECT_DOUBLE_EQ(b.info.measured_rate_hz, a.info.measured_rate_hz);
  ASSERT_EQ(a.channels[0].size(), b.channels[0].size());
  for (std::size_t i = 0; i < a.channels[0].size(); ++i)
    ASSERT_NEAR(b.channels[0][i], a.channels[0][i], a.info.force_resolution_n / 2 + 1e-9) << i;
  const Result ra = run({"analyze", original.string()}), rb = run({"analyze", back.string()});
  const auto row = [](const std::string& out) { return out.substr(out.find("\n1 "), 80); };
  EXPECT_EQ(row(ra.out), row(rb.out)) << ra.out << rb.out;
}

TEST_F(C3dCli, AQualisysFileImportsItsTwoPlatesWithTheirLoadPositive) {
  const std::string id = addPatient();
  const fs::path out = dir_ / "q.h5";
  const std::string file = std::string(HOLDFAST_SOURCE_DIR) + "/tests/data/c3d/Qualisys.c3d";
  const Result r = run({"import", file, "--out", out.string(), "--patient", id, "--test", "quiet-stance"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("2000 Hz"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gives its load as a negative vertical force: its sign is turned"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("464 x 508 mm"), std::string::npos) << r.out;
  const auto t = holdfast::store::readSessionFile(out).trials.at(0);
  double peak = 0;
  for (double v : t.channels[0]) peak = std::max(peak, v);
  EXPECT_GT(peak, 700.0);  // a person walking over it
  EXPECT_EQ(t.info.protocol, "import:c3d");
}

TEST_F(C3dCli, DamagedFilesAndWrongPlatesAreRefusedInOneLine) {
  const std::string id = addPatient();
  const std::string qualisys = std::string(HOLDFAST_SOURCE_DIR) + "/tests/data/c3d/Qualisys.c3d";
  std::string bytes;
  {
    std::ifstream in(qualisys, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::ofstream(dir_ / "cut.c3d", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  std::ofstream(dir_ / "text.c3d") << "time,force\n0,1\n";
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"import", (dir_ / "cut.c3d").string()}, "truncated"},
      {{"import", (dir_ / "text.c3d").string()}, "not a C3D file"},
      {{"import", qualisys, "--columns", "left=3"}, "the file has force plates 1 to 2"},
      {{"import", qualisys, "--rate", "1000"}, "a C3D file states its rate"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"--out", (dir_ / "bad.h5").string(), "--patient", id});
    const Result r = run(args);
    EXPECT_EQ(r.code, 2) << c.says << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "bad.h5"));
  }
}

}  // namespace
