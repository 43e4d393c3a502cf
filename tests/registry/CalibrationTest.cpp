#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "holdfast/registry/CalibrationStore.h"
#include "holdfast/simulator/SimulatedDevice.h"
#include "holdfast/store/SessionRecord.h"
#include "holdfast/wire/Calibration.h"
#include "holdfast/wire/ForceLayout.h"

using namespace holdfast::registry;
using namespace holdfast::wire;
using holdfast::simulator::SimulatedDevice;
namespace fs = std::filesystem;

TEST(Calibration, DefaultsFollowTheDevicesUnit) {
  EXPECT_DOUBLE_EQ(defaultCalibration({"f", "N", true}).scale, 1.0);
  EXPECT_DOUBLE_EQ(defaultCalibration({"f", "lbF", true}).scale, 4.4482216152605);
  EXPECT_DOUBLE_EQ(defaultCalibration({"w", "kg", true}).scale, 9.80665);
  const auto counts = defaultCalibration({"c", "counts", true});
  EXPECT_EQ(counts.method, "none");
  EXPECT_FALSE(counts.calibrated());
}

TEST(Calibration, TareThenSpanGivesNewtons) {
  ChannelCalibration c = defaultCalibration({"cell", "counts", true});
  applyTare(c, 12000.0, "t0");
  applySpan(c, 12000.0 + 1000.0 * 98.0665, 98.0665, "t1");  // 10 kg at 1000 counts/N
  EXPECT_EQ(c.method, "span");
  EXPECT_NEAR(c.scale, 0.001, 1e-12);
  EXPECT_NEAR(c.newtons(12000.0 + 350000.0), 350.0, 1e-9);
  EXPECT_THROW(applySpan(c, c.offset, 10.0, "t"), std::invalid_argument);
  EXPECT_THROW(applySpan(c, 13000.0, 0.0, "t"), std::invalid_argument);
}

TEST(Calibration, MultipointFitRecoversALineAndReportsLinearity) {
  // A cell read at 5, 10, 20, 40 kg with a slight non-linearity.
  std::vector<CalibrationPoint> points;
  for (double kg : {0.0, 5.0, 10.0, 20.0, 40.0}) {
    const double n = kg * kStandardGravityMps2;
    const double raw = 8000.0 + 250.0 * n + 0.01 * n * n;
    points.push_back({raw, n});
  }
  ChannelCalibration c = defaultCalibration({"cell", "counts", true});
  applyMultipoint(c, points, "t");
  EXPECT_EQ(c.method, "multipoint");
  EXPECT_GT(c.r_squared, 0.999);
  EXPECT_LT(c.r_squared, 1.0);
  EXPECT_GT(c.max_residual_n, 0.0);
  EXPECT_LT(c.max_residual_n, 5.0);
  EXPECT_NEAR(c.newtons(8000.0), 0.0, 5.0);
  const std::vector<CalibrationPoint> one = {{1.0, 2.0}};
  EXPECT_THROW(applyMultipoint(c, one, "t"), std::invalid_argument);
  const std::vector<CalibrationPoint> flat = {{1.0, 2.0}, {1.0, 3.0}};
  EXPECT_THROW(applyMultipoint(c, flat, "t"), std::invalid_argument);
}

TEST(Calibration, DriftCheckFlagsAMovedZero) {
  ChannelCalibration c = defaultCalibration({"cell", "counts", true});
  applyTare(c, 12000.0, "t0");
  applySpan(c, 112000.0, 100.0, "t1");                   // 1000 counts per N
  EXPECT_FALSE(checkDrift(c, 12500.0, 2.0).exceeded());  // 0.5 N
  const DriftCheck moved = checkDrift(c, 15000.0, 2.0);  // 3 N
  EXPECT_TRUE(moved.exceeded());
  EXPECT_NEAR(moved.drift_n, 3.0, 1e-9);
}

TEST(CalibrationStore, RoundTripsAndIsPrivate) {
  const fs::path dir = fs::temp_directory_path() / ("hf-cal-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const fs::path file = dir / "calibration.json";
  {
    CalibrationStore store(file);
    DeviceCalibration d;
    d.device_serial = "HF-0042";
    d.protocol = "holdfast-binary";
    ChannelCalibration c = defaultCalibration({"ch1", "counts", true});
    applyTare(c, 12000.0, "2026-11-24T10:00:00Z");
    applySpan(c, 112000.0, 100.0, "2026-11-24T10:01:00Z");
    d.channels.push_back(c);
    d.pending_points[0] = {{1.0, 2.0}};
    store.put(d);
    store.save();
  }
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  CalibrationStore again(file);
  const auto d = again.find("HF-0042");
  ASSERT_TRUE(d);
  ASSERT_EQ(d->channels.size(), 1u);
  EXPECT_DOUBLE_EQ(d->channels[0].offset, 12000.0);
  EXPECT_DOUBLE_EQ(d->channels[0].scale, 0.001);
  EXPECT_EQ(d->channels[0].method, "span");
  EXPECT_EQ(d->pending_points.at(0).size(), 1u);
  EXPECT_FALSE(again.find("nobody"));

  std::ofstream(file) << "{ not json";
  EXPECT_THROW(CalibrationStore{file}, holdfast::store::StoreError);
  fs::remove_all(dir);
}

TEST(ForceLayout, FourCellPlatesGiveTotalForceAndCentreOfPressure) {
  const ForceLayout layout = ForceLayout::fourCellPlates(2, {"left", "right"}, 400.0, 600.0);
  EXPECT_EQ(layout.forceCount(), 2u);
  EXPECT_EQ(layout.copCount(), 4u);
  EXPECT_EQ(layout.rawChannelsNeeded(), 8u);
  Frame f;
  f.channel_count = 8;
  const auto left = SimulatedDevice::splitOverCells(500.0, 30.0, -40.0, 400.0, 600.0);
  const auto right = SimulatedDevice::splitOverCells(300.0, -10.0, 20.0, 400.0, 600.0);
  for (std::size_t i = 0; i < 4; ++i) {
    f.values[i] = left[i];
    f.values[4 + i] = right[i];
  }
  std::vector<ChannelCalibration> identity(8, defaultCalibration({"c", "N", true}));
  double force[2], cop[4];
  layout.apply(f, identity, force, cop);
  EXPECT_NEAR(force[0], 500.0, 1e-9);
  EXPECT_NEAR(force[1], 300.0, 1e-9);
  EXPECT_NEAR(cop[0], 30.0, 1e-9);
  EXPECT_NEAR(cop[1], -40.0, 1e-9);
  EXPECT_NEAR(cop[2], -10.0, 1e-9);
  EXPECT_NEAR(cop[3], 20.0, 1e-9);

  // Unloaded: the COP of noise is meaningless, so it is NaN.
  for (std::size_t i = 0; i < 8; ++i) f.values[i] = 1.0;
  layout.apply(f, identity, force, cop);
  EXPECT_TRUE(std::isnan(cop[0]));
}

TEST(ForceLayout, PerChannelAppliesEachCalibration) {
  const ForceLayout layout = ForceLayout::perChannel({0, 2}, {"left", "right"});
  Frame f;
  f.channel_count = 3;
  f.values[0] = 1012.0;
  f.values[1] = 99.0;  // a temperature, not a force
  f.values[2] = 10.0;
  std::vector<ChannelCalibration> cal = {defaultCalibration({"a", "counts", true}),
                                         defaultCalibration({"t", "degC", false}),
                                         defaultCalibration({"b", "lbF", true})};
  applyTare(cal[0], 12.0, "t");
  applySpan(cal[0], 1012.0, 50.0, "t");
  double force[2];
  layout.apply(f, cal, force, nullptr);
  EXPECT_NEAR(force[0], 50.0, 1e-9);
  EXPECT_NEAR(force[1], 44.482216152605, 1e-9);
}

// Calibrations live in the data folder; those kept in the old place (~/.config/holdfast) move
// there once, the old file kept under another name and never read again.
TEST(CalibrationStore, CalibrationsInTheOldPlaceMoveIntoTheDataFolderOnce) {
  const fs::path dir = fs::temp_directory_path() / ("hf-calmove-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const char* saved = std::getenv("XDG_CONFIG_HOME");
  const std::string keep = saved ? saved : "";
  setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
  const fs::path old = CalibrationStore::legacyPath();
  EXPECT_EQ(old, dir / "config" / "holdfast" / "calibration.json");
  const fs::path data = dir / "data";
  EXPECT_EQ(CalibrationStore::moveLegacyInto(data), "");  // nothing to move
  fs::create_directories(old.parent_path());
  {
    CalibrationStore legacy(old);
    DeviceCalibration d;
    d.device_serial = "PLATE-7";
    d.protocol = "holdfast-binary";
    ChannelCalibration c = defaultCalibration({"ch1", "counts", true});
    applyTare(c, 500.0, "2026-01-01T10:00:00Z");
    d.channels.push_back(c);
    legacy.put(d);
    legacy.save();
  }
  const std::string said = CalibrationStore::moveLegacyInto(data);
  EXPECT_NE(said.find("moved"), std::string::npos) << said;
  const fs::path now = CalibrationStore::fileIn(data);
  ASSERT_TRUE(fs::exists(now));
  EXPECT_DOUBLE_EQ(CalibrationStore(now).find("PLATE-7")->channels.at(0).offset, 500.0);
  EXPECT_FALSE(fs::exists(old));
  EXPECT_TRUE(fs::exists(old.string() + ".moved-to-data-folder"));  // kept
  EXPECT_EQ(CalibrationStore::moveLegacyInto(data), "");            // once

  // A malformed old file is an error; nothing is moved or renamed.
  const fs::path other = dir / "other-data";
  { std::ofstream(old) << "{ not json"; }
  EXPECT_THROW(CalibrationStore::moveLegacyInto(other), holdfast::store::StoreError);
  EXPECT_TRUE(fs::exists(old));
  EXPECT_FALSE(fs::exists(CalibrationStore::fileIn(other)));
  if (saved) {
    setenv("XDG_CONFIG_HOME", keep.c_str(), 1);
  } else {
    unsetenv("XDG_CONFIG_HOME");
  }
  fs::remove_all(dir);
}

// One plate's span (`holdfast calibrate span --channel 1,2,3,4`): one scale for its cells so that
// their summed change is the known load; each keeps its own offset.
TEST(Calibration, APlateSpanGivesItsCellsOneScaleForTheSummedLoad) {
  DeviceCalibration device;
  for (double offset : {100.0, 200.0, 300.0, 400.0}) {
    ChannelCalibration c;
    c.offset = offset;
    device.channels.push_back(c);
  }
  // 20 kg on the plate: the cells rose by 10, 20, 30 and 40 counts (100 in all).
  const std::vector<double> means{110.0, 220.0, 330.0, 440.0};
  applyPlateSpan(device, {0, 1, 2, 3}, means, 20.0 * kStandardGravityMps2, "2026-12-03T00:00:00Z");
  double total_n = 0.0;
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_DOUBLE_EQ(device.channels[k].scale, device.channels[0].scale);
    EXPECT_DOUBLE_EQ(device.channels[k].offset, 100.0 * static_cast<double>(k + 1));
    EXPECT_EQ(device.channels[k].method, "span");
    total_n += (means[k] - device.channels[k].offset) * device.channels[k].scale;
  }
  EXPECT_NEAR(total_n, 20.0 * kStandardGravityMps2, 1e-9);
}
