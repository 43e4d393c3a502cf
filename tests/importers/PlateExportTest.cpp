// Force-plate exports as lab software writes them, read by the importers library on its own:
// units after a column's name, COP columns or six components, two plates, a vertical axis
// other than z, roles by name or position.

#include "holdfast/importers/PlateExport.h"

#include <gtest/gtest.h>

#include <cmath>

#include "holdfast/importers/ImportError.h"

using namespace holdfast::importers;

TEST(PlateExport, UnitsAfterTheNameAreReadAndCopIsStoredInMillimetres) {
  const std::string text =
      "Time[s]\tFz[N]\tCOPx[cm]\tCOP_Y (m)\n"
      "0.00\t700.5\t1.5\t0.010\n"
      "0.01\t701.0\t1.6\t0.011\n"
      "0.02\t10.0\t1.7\t0.012\n";
  ASSERT_TRUE(looksLikePlateExport(text));
  const CsvRecording r = parsePlateExport(text, {});
  ASSERT_EQ(r.time_s.size(), 3u);
  ASSERT_EQ(r.channels.size(), 1u);
  EXPECT_EQ(r.channel_sides[0], "force");
  EXPECT_DOUBLE_EQ(r.channels[0][1], 701.0);
  ASSERT_EQ(r.cop_names, (std::vector<std::string>{"cop_x_mm", "cop_y_mm"}));
  EXPECT_DOUBLE_EQ(r.cop_mm[0][0], 15.0);
  EXPECT_DOUBLE_EQ(r.cop_mm[1][1], 11.0);
  EXPECT_TRUE(std::isnan(r.cop_mm[0][2]));  // 10 N: below the COP threshold
  // --units that contradict the header are an error naming the column; agreeing ones are fine.
  PlateImportOptions mm;
  mm.units = {{"cop", "mm"}};
  try {
    (void)parsePlateExport(text, mm);
    FAIL() << "a header in cm read as mm";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("column 'COPx[cm]' says cm but --units says cop=mm"),
              std::string::npos)
        << e.what();
  }
  PlateImportOptions cm;
  cm.units = {{"cop", "cm"}};
  EXPECT_THROW((void)parsePlateExport(text, cm), ImportError) << "COP_Y (m) says m, not cm";
}

TEST(PlateExport, SixComponentsGiveTheCopAndYUpUsesTheOtherPlane) {
  // A 600 N load at x = 30 mm, y = -20 mm on a z-up plate: Mx = Fz y, My = -Fz x.
  const std::string z_up = "time,fx,fy,fz,mx,my,mz\n0,0,0,600,-12,-18,0\n0.001,0,0,600,-12,-18,0\n";
  const CsvRecording r = parsePlateExport(z_up, {});
  ASSERT_EQ(r.cop_mm.size(), 2u);
  EXPECT_NEAR(r.cop_mm[0][0], 30.0, 1e-9);
  EXPECT_NEAR(r.cop_mm[1][0], -20.0, 1e-9);
  // The same load on a y-up plate at X = 30 mm, Z = -20 mm: Mz = Fy X, Mx = -Fy Z.
  const std::string y_up = "time,fx,fy,fz,mx,my,mz\n0,0,600,0,12,0,18\n0.001,0,600,0,12,0,18\n";
  PlateImportOptions options;
  options.vertical = 'y';
  const CsvRecording y = parsePlateExport(y_up, options);
  EXPECT_NEAR(y.channels[0][0], 600.0, 1e-12);
  EXPECT_NEAR(y.cop_mm[0][0], 30.0, 1e-9);   // X
  EXPECT_NEAR(y.cop_mm[1][0], -20.0, 1e-9);  // Z
}

TEST(PlateExport, TwoPlatesByPositionAndBadRolesOrUnitsAreRefused) {
  const std::string text = "a b c d e f\n0 300 1 2 400 3\n";  // spaces: not a delimiter here
  const std::string csv =
      "t,FP1,x1,y1,FP2,x2,y2\n0,300,0.001,0.002,400,0.003,0.004\n"
      "0.001,300,0.001,0.002,400,0.003,0.004\n";
  PlateImportOptions o;
  o.columns = {{"left", "2"},    {"left_cop_x", "x1"}, {"left_cop_y", "y1"},
               {"right", "FP2"}, {"right_cop_x", "6"}, {"right_cop_y", "y2"}};
  o.units = {{"cop", "m"}};
  const CsvRecording r = parsePlateExport(csv, o);
  ASSERT_EQ(r.channels.size(), 2u);
  EXPECT_EQ(r.channel_sides, (std::vector<std::string>{"left", "right"}));
  EXPECT_EQ(r.cop_names.front(), "left_cop_x_mm");
  EXPECT_DOUBLE_EQ(r.cop_mm[2][0], 3.0);
  o.columns.push_back({"left_cop_z", "y1"});
  EXPECT_THROW((void)parsePlateExport(csv, o), ImportError);
  PlateImportOptions furlong;
  furlong.units = {{"cop", "furlong"}};
  furlong.columns = {{"force", "FP1"}, {"cop_x", "x1"}, {"cop_y", "y1"}};
  try {
    (void)parsePlateExport(csv, furlong);
    FAIL() << "an unknown unit was accepted";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("--units cop=furlong: not a unit of length"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)parsePlateExport(text, {}), ImportError);
}

TEST(PlateExport, ACopAPowerOfTenOffItsMomentsIsRefusedAndAnotherMismatchIsFlagged) {
  // 700 N at x = 40 mm, y = -25 mm: My = -Fz x, Mx = Fz y (m). The COP written in `scale` x mm.
  const auto plate = [](double scale) {
    std::string text = "time,fz,mx,my,cop_x,cop_y\n";
    for (int i = 0; i < 50; ++i) {
      const double x = 0.040 + 0.001 * std::sin(i), y = -0.025;
      char row[160];
      std::snprintf(row, sizeof row, "%.3f,700,%.6f,%.6f,%.6f,%.6f\n", i * 0.01, 700 * y, -700 * x,
                    x * 1000 * scale, y * 1000 * scale);
      text += row;
    }
    return text;
  };
  EXPECT_TRUE(parsePlateExport(plate(1.0), {}).plausibility_flags.empty());
  try {
    (void)parsePlateExport(plate(0.1), {});  // written in cm, read as mm
    FAIL() << "a COP in cm read as mm was accepted";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("10 times smaller"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("likely in cm"), std::string::npos) << e.what();
  }
  const CsvRecording off = parsePlateExport(plate(1.4), {});
  EXPECT_EQ(off.plausibility_flags, std::vector<std::string>{"cop_disagrees_with_moments"});
}
