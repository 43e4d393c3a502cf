// C3D files written by other labs' software, read by Holdfast and compared with the values that
// ezc3d's test suite publishes for them (tests/data/c3d/README.md: where the files and the
// values come from). ezc3d reports forces, moments and COP in the lab frame: the plate's
// values here are turned into it with the plate's CORNERS, as the C3D user guide lays them out.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "holdfast/c3d/C3dReader.h"
#include "holdfast/c3d/ForcePlatforms.h"

namespace holdfast::c3d {
namespace {

C3dFile readSample(const std::string& name) {
  std::ifstream in(std::string(HOLDFAST_SOURCE_DIR) + "/tests/data/c3d/" + name, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return readC3d(bytes);
}

using Vec = std::array<double, 3>;

Vec toLab(const ForcePlatform& p, const Vec& v) {
  const auto ax = p.axes();
  return {ax[0][0] * v[0] + ax[1][0] * v[1] + ax[2][0] * v[2],
          ax[0][1] * v[0] + ax[1][1] * v[1] + ax[2][1] * v[2],
          ax[0][2] * v[0] + ax[1][2] * v[1] + ax[2][2] * v[2]};
}

Vec force(const ForcePlatform& p, std::size_t i) {
  return toLab(p, {p.force_n[0][i], p.force_n[1][i], p.force_n[2][i]});
}
Vec moment(const ForcePlatform& p, std::size_t i) {
  return toLab(p, {p.moment_n_m[0][i], p.moment_n_m[1][i], p.moment_n_m[2][i]});
}

TEST(C3dPublicFiles, QualisysType2PlatesGiveEzc3dsForcesAndMoments) {
  const C3dFile file = readSample("Qualisys.c3d");
  const auto plates = forcePlatforms(file, 0.0);
  ASSERT_EQ(plates.size(), 2u);
  EXPECT_EQ(plates[0].type, 2);
  const Vec f = force(plates[0], 0), m = moment(plates[0], 0);
  // ezc3d test_modules.cpp, ForcePlatForm.Type2 (forces N, moments N mm).
  EXPECT_NEAR(f[0], 0.13992118835449219, 1e-6);
  EXPECT_NEAR(f[1], 0.046148300170898438, 1e-6);
  EXPECT_NEAR(f[2], -0.18352508544921872, 1e-6);
  EXPECT_NEAR(m[0] * 1000, 20.867615272954936, 1e-4);
  EXPECT_NEAR(m[1] * 1000, -4.622511359985765, 1e-4);
  EXPECT_NEAR(m[2] * 1000, -29.393223381101276, 1e-4);
  // COP in the lab: the plate's COP turned and moved to its centre.
  const Vec local{plates[0].cop_mm[0][0], plates[0].cop_mm[1][0], 0.0};
  const Vec lab = toLab(plates[0], local);
  const Vec c = plates[0].centreMm();
  EXPECT_NEAR(lab[0] + c[0], 228.81266090518048, 1e-3);
  EXPECT_NEAR(lab[1] + c[1], 118.29556977523387, 1e-3);
  EXPECT_EQ(plates[0].units[1], "force: N (ANALOG:UNITS)");
}

TEST(C3dPublicFiles, KistlerType3PlateGivesEzc3dsForcesMomentsAndCop) {
  const C3dFile file = readSample("FP_Type3.c3d");
  const auto plates = forcePlatforms(file, 0.0);
  ASSERT_EQ(plates.size(), 2u);
  EXPECT_EQ(plates[0].type, 3);
  const Vec f = force(plates[0], 0), m = moment(plates[0], 0);
  EXPECT_NEAR(f[0], 1.872237068676853, 1e-6);
  EXPECT_NEAR(f[1], -2.862660636894518, 1e-6);
  EXPECT_NEAR(f[2], 886.3955055852457, 1e-4);
  EXPECT_NEAR(m[0] * 1000, 3146.7092174447007, 1e-2);
  EXPECT_NEAR(m[1] * 1000, -7249.1753702378046, 1e-2);
  EXPECT_NEAR(m[2] * 1000, -29.186897835585174, 1e-2);
  const Vec lab = toLab(plates[0], {plates[0].cop_mm[0][0], plates[0].cop_mm[1][0], 0.0});
  const Vec c = plates[0].centreMm();
  EXPECT_NEAR(lab[0] + c[0], 446.65133312146855, 1e-3);
  EXPECT_NEAR(lab[1] + c[1], 291.14651198373156, 1e-3);
  EXPECT_NEAR(lab[2] + c[2], -5.7485786342715768, 1e-3);
  EXPECT_NEAR(plates[1].origin_mm[2], -53.0, 1e-9);
}

TEST(C3dPublicFiles, Type1PlatesGiveEzc3dsForcesInMetres) {
  const C3dFile file = readSample("FP_Type1.c3d");
  const auto plates = forcePlatforms(file, 0.0);
  ASSERT_EQ(plates.size(), 4u);
  EXPECT_EQ(plates[0].type, 1);
  const Vec f = force(plates[0], 0);
  EXPECT_NEAR(f[0], -0.90762400970256174, 1e-6);
  EXPECT_NEAR(f[1], -4.3543128448608615, 1e-6);
  EXPECT_NEAR(f[2], 0.23373563297172456, 1e-6);
  // POINT:UNITS is m here: lengths come in metres and are stored in mm.
  const Vec lab = toLab(plates[0], {plates[0].cop_mm[0][0], plates[0].cop_mm[1][0], 0.0});
  const Vec c = plates[0].centreMm();
  EXPECT_NEAR((lab[0] + c[0]) / 1000, -0.38517721821998796, 1e-6);
  EXPECT_NEAR((lab[1] + c[1]) / 1000, 0.019237327207317811, 1e-6);
  EXPECT_NEAR((lab[2] + c[2]) / 1000, 0.15538882044809299, 1e-6);
}

}  // namespace
}  // namespace holdfast::c3d
