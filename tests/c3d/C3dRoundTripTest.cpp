// C3D files written by Holdfast's writer and read back by its reader: every processor format,
// float and 16-bit integer data through ANALOG:SCALE, OFFSET and GEN_SCALE, the force platform
// types' arithmetic on known loads, and damaged files refused with a message.
#include <gtest/gtest.h>

#include <cmath>

#include "holdfast/c3d/C3dReader.h"
#include "holdfast/c3d/C3dWriter.h"
#include "holdfast/c3d/ForcePlatforms.h"

namespace holdfast::c3d {
namespace {

/// One type-2 plate of 400 x 600 mm, origin 40 mm below the surface, loaded with a known
/// force at a known point: Fz = 700 N at (30, -50) mm with Fx = 10 N, Fy = -5 N.
C3dFile plateFile(int type) {
  C3dFile f;
  f.frame_rate_hz = 100;
  f.analog_per_frame = 10;
  const std::size_t n = 200;
  const double fx = 10, fy = -5, fz = 700, x = 30, y = -50, depth = 40;
  // Moments about the plate origin (depth below the surface): M_origin = M_surface - F x o,
  // with o = (0, 0, -depth) from the origin to the surface centre (z down) and
  // M_surface = r x F for the force at r = (x, y, 0) (no free moment).
  const double mx = y * fz + fy * depth, my = -x * fz - fx * depth, mz = x * fy - y * fx;
  const std::vector<double> values{fx, fy, fz, mx, my, mz};
  for (double v : values) {
    std::vector<double> ch(n);
    for (std::size_t i = 0; i < n; ++i) ch[i] = v * (0.5 + 0.5 * static_cast<double>(i) / n);
    f.analog.push_back(ch);
  }
  f.set(text("ANALOG", "LABELS", {"Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1"}));
  f.set(text("ANALOG", "UNITS", {"N", "N", "N", "Nmm", "Nmm", "Nmm"}));
  f.set(integers("FORCE_PLATFORM", "USED", {}, {1}));
  f.set(integers("FORCE_PLATFORM", "TYPE", {1}, {static_cast<double>(type)}));
  f.set(integers("FORCE_PLATFORM", "CHANNEL", {6, 1}, {1, 2, 3, 4, 5, 6}));
  f.set(floats("FORCE_PLATFORM", "CORNERS", {3, 4, 1},
               {200, 300, 0, -200, 300, 0, -200, -300, 0, 200, -300, 0}));
  f.set(floats("FORCE_PLATFORM", "ORIGIN", {3, 1}, {0, 0, depth}));  // z > 0: negated on reading
  return f;
}

TEST(C3dRoundTrip, EveryProcessorFormatReadsBackTheSameSamplesAndParameters) {
  for (Processor proc : {Processor::Intel, Processor::Dec, Processor::Mips}) {
    for (bool integer : {false, true}) {
      C3dFile f = plateFile(2);
      f.processor = proc;
      f.integer_data = integer;
      if (integer) {  // 16-bit counts: a scale per channel, an offset and a general scale
        f.set(floats("ANALOG", "SCALE", {6}, {0.05, 0.05, 0.1, 4, 4, 4}));
        f.set(integers("ANALOG", "OFFSET", {6}, {0, 0, 100, 0, -50, 0}));
        f.set(floats("ANALOG", "GEN_SCALE", {}, {0.5}));
      }
      const C3dFile back = readC3d(writeC3d(f));
      SCOPED_TRACE(std::string(processorName(proc)) + (integer ? " integer" : " float"));
      EXPECT_EQ(back.processor, proc);
      EXPECT_EQ(back.integer_data, integer);
      EXPECT_DOUBLE_EQ(back.frame_rate_hz, 100.0);
      EXPECT_EQ(back.analog_per_frame, 10);
      EXPECT_DOUBLE_EQ(back.analogRateHz(), 1000.0);
      EXPECT_EQ(back.frames, 20u);
      ASSERT_EQ(back.analog.size(), 6u);
      const std::vector<double> step{0.025, 0.025, 0.05, 2, 2, 2};  // one count
      for (std::size_t c = 0; c < 6; ++c) {
        ASSERT_EQ(back.analog[c].size(), 200u);
        for (std::size_t i = 0; i < 200; i += 37) {
          const double tol = integer ? step[c] + 1e-9 : 1e-6 * std::abs(f.analog[c][i]);
          EXPECT_NEAR(back.analog[c][i], f.analog[c][i], tol) << "channel " << c << " sample " << i;
        }
      }
      EXPECT_EQ(back.strings("ANALOG", "LABELS"),
                (std::vector<std::string>{"Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1"}));
      EXPECT_EQ(back.strings("ANALOG", "UNITS")[3], "Nmm");
      EXPECT_EQ(back.numbers("FORCE_PLATFORM", "CHANNEL"), (std::vector<double>{1, 2, 3, 4, 5, 6}));
      EXPECT_EQ(back.numbers("POINT", "USED"), std::vector<double>{0});
    }
  }
}

TEST(C3dRoundTrip, AType2PlateGivesTheLoadItWasWrittenWith) {
  const auto plates = forcePlatforms(readC3d(writeC3d(plateFile(2))));
  ASSERT_EQ(plates.size(), 1u);
  const ForcePlatform& p = plates[0];
  EXPECT_DOUBLE_EQ(p.origin_mm[2], -40.0);
  for (std::size_t i : {0u, 100u, 199u}) {
    EXPECT_NEAR(p.cop_mm[0][i], 30.0, 1e-3);
    EXPECT_NEAR(p.cop_mm[1][i], -50.0, 1e-3);
    // About the surface centre only the shear forces' moment remains (no free moment).
    const double k = 0.5 + 0.5 * static_cast<double>(i) / 200;
    EXPECT_NEAR(p.moment_n_m[2][i], (30.0 * -5.0 - -50.0 * 10.0) * k / 1000, 1e-6);
  }
  EXPECT_NEAR(p.force_n[2][199], 700.0 * (0.5 + 0.5 * 199 / 200.0), 1e-3);
  EXPECT_EQ(p.units[1], "force: N (ANALOG:UNITS)");
  EXPECT_EQ(p.units[2], "moment: N mm (ANALOG:UNITS)");
  // The plate's axes from its corners: X along +x, Y along +y, Z up.
  const auto ax = p.axes();
  EXPECT_NEAR(ax[0][0], 1, 1e-12);
  EXPECT_NEAR(ax[1][1], 1, 1e-12);
  EXPECT_NEAR(ax[2][2], 1, 1e-12);
}

TEST(C3dRoundTrip, AType4PlatePassesItsChannelsThroughTheCalibrationMatrix) {
  C3dFile f = plateFile(4);
  // The channels hold half the load: CAL_MATRIX = 2 I gives it back.
  for (auto& ch : f.analog)
    for (double& v : ch) v /= 2;
  std::vector<double> cal(36, 0.0);
  for (int i = 0; i < 6; ++i) cal[i * 6 + i] = 2.0;
  f.set(floats("FORCE_PLATFORM", "CAL_MATRIX", {6, 6, 1}, cal));
  const auto plates = forcePlatforms(readC3d(writeC3d(f)));
  ASSERT_EQ(plates.size(), 1u);
  EXPECT_NEAR(plates[0].cop_mm[0][50], 30.0, 1e-3);
  EXPECT_NEAR(plates[0].force_n[0][199], 10.0 * (0.5 + 0.5 * 199 / 200.0), 1e-4);
  f.parameters.erase(f.parameters.end() - 1);  // no CAL_MATRIX: a type 4 cannot be read
  EXPECT_THROW((void)forcePlatforms(readC3d(writeC3d(f))), C3dError);
}

TEST(C3dRoundTrip, MoreThan65535FramesAreCountedInTrialActualEndField) {
  C3dFile f;
  f.frame_rate_hz = 1000;
  std::vector<double> ch(70000);
  for (std::size_t i = 0; i < ch.size(); ++i) ch[i] = static_cast<double>(i % 1000);
  f.analog.push_back(ch);
  f.set(text("ANALOG", "LABELS", {"force"}));
  const C3dFile back = readC3d(writeC3d(f));
  EXPECT_EQ(back.frames, 70000u);
  ASSERT_EQ(back.analog.at(0).size(), 70000u);
  EXPECT_EQ(back.analog[0][69999], 999.0);
  EXPECT_EQ(back.numbers("TRIAL", "ACTUAL_END_FIELD"), (std::vector<double>{70000 - 65536, 1}));
}

TEST(C3dRoundTrip, ABelowThresholdLoadHasNoCentreOfPressure) {
  C3dFile f = plateFile(2);
  for (double& v : f.analog[2]) v = 5.0;  // 5 N: below 20 N
  const auto plates = forcePlatforms(readC3d(writeC3d(f)));
  EXPECT_TRUE(std::isnan(plates[0].cop_mm[0][10]));
}

TEST(C3dRoundTrip, DamagedFilesAreRefusedWithWhereTheyAreDamaged) {
  std::vector<std::uint8_t> bytes = writeC3d(plateFile(2));
  std::vector<std::uint8_t> truncated(bytes.begin(), bytes.end() - 1024);
  try {
    (void)readC3d(truncated);
    FAIL() << "a truncated file was read";
  } catch (const C3dError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  std::vector<std::uint8_t> not_c3d(bytes);
  not_c3d[1] = 0;
  EXPECT_THROW((void)readC3d(not_c3d), C3dError);
  std::vector<std::uint8_t> processor(bytes);
  processor[512 + 3] = 90;
  EXPECT_THROW((void)readC3d(processor), C3dError);
  EXPECT_THROW((void)readC3d(std::vector<std::uint8_t>(100, 0x50)), C3dError);
  C3dFile wrong_unit = plateFile(2);
  wrong_unit.set(text("ANALOG", "UNITS", {"N", "N", "mm", "Nmm", "Nmm", "Nmm"}));
  try {
    (void)forcePlatforms(readC3d(writeC3d(wrong_unit)));
    FAIL() << "a force in mm was read";
  } catch (const C3dError& e) {
    EXPECT_NE(std::string(e.what()).find("force unit 'mm'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace holdfast::c3d
