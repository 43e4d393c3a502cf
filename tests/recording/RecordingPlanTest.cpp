// How a device's raw channels become force channels, tested on the library: units, stored
// calibrations, plates of four cells with their centre of pressure, and what is refused.

#include "holdfast/recording/RecordingPlan.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace holdfast::recording;  // NOLINT(google-build-using-namespace)

using holdfast::wire::ChannelInfo;

TEST(RecordingPlan, ANewtonChannelIsForceAsSentAndCountsWarnUntilCalibrated) {
  RecordingOptions o;
  const auto plan = resolveRecordingPlan({{"force", "N", true}}, o);
  ASSERT_EQ(plan.calibration.size(), 1u);
  EXPECT_DOUBLE_EQ(plan.calibration[0].newtons(123.4), 123.4);
  EXPECT_EQ(plan.layout.forceNames(), (std::vector<std::string>{"force"}));
  EXPECT_TRUE(plan.warnings.empty());
  EXPECT_TRUE(plan.cop_names.empty());

  const auto counts = resolveRecordingPlan({{"ch1", "counts", true}}, o);
  ASSERT_EQ(counts.warnings.size(), 1u);
  EXPECT_NE(counts.warnings[0].find("uncalibrated"), std::string::npos);
  // A side channel (a temperature) is recorded raw but is no force.
  const auto side = resolveRecordingPlan({{"force", "N", true}, {"temp", "degC", false}}, o);
  EXPECT_EQ(side.layout.forceNames(), (std::vector<std::string>{"force"}));
}

TEST(RecordingPlan, AStoredCalibrationAppliesOnlyToTheUnitItWasMadeFor) {
  RecordingOptions o;
  holdfast::wire::DeviceCalibration stored;
  holdfast::wire::ChannelCalibration c;
  c.raw_unit = "counts";
  c.offset = 1000.0;
  c.scale = 0.01;
  c.method = "span";
  stored.channels = {c};
  o.stored = stored;
  const auto plan = resolveRecordingPlan({{"ch1", "counts", true}}, o);
  EXPECT_DOUBLE_EQ(plan.calibration[0].newtons(11000.0), 100.0);
  EXPECT_EQ(plan.calibration[0].channel, "ch1");
  EXPECT_TRUE(plan.warnings.empty());

  const auto other = resolveRecordingPlan({{"ch1", "kg", true}}, o);
  ASSERT_FALSE(other.warnings.empty());
  EXPECT_NE(other.warnings[0].find("stored calibration of ch1 is for counts"), std::string::npos);
  EXPECT_NEAR(other.calibration[0].newtons(1.0), 9.80665, 1e-12);  // kg through gravity
}

TEST(RecordingPlan, TwoPlatesOfFourCellsAreTheLeftAndRightFeetWithTheirCentreOfPressure) {
  RecordingOptions o;
  o.side = "both";
  o.plates = 2;
  std::vector<ChannelInfo> cells;
  for (int i = 1; i <= 8; ++i) cells.push_back({"cell" + std::to_string(i), "N", true});
  const auto plan = resolveRecordingPlan(cells, o);
  EXPECT_EQ(plan.layout.forceNames(), (std::vector<std::string>{"left", "right"}));
  EXPECT_EQ(plan.cop_names, (std::vector<std::string>{"left_cop_x_mm", "left_cop_y_mm",
                                                      "right_cop_x_mm", "right_cop_y_mm"}));
  EXPECT_NE(calibrationJson(plan).find("\"layout\""), std::string::npos);

  cells.resize(7);
  EXPECT_THROW((void)resolveRecordingPlan(cells, o), std::invalid_argument);
  EXPECT_THROW((void)resolveRecordingPlan({}, RecordingOptions{}), std::invalid_argument);
  EXPECT_THROW((void)resolveRecordingPlan({{"temp", "degC", false}}, RecordingOptions{}),
               std::invalid_argument);
}
