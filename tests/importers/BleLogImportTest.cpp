// Bluetooth notification logs read through the live decoders: a Progressor pull made by
// tests/data/ble/make_logs.py (a known curve: 45 kg at t = 5 s, the clock wrapping mid-pull),
// the generic csv protocol over the Nordic UART Service against the serial parser reading the
// same text, and logs that cannot be right refused with what is wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "holdfast/importers/BleLogImport.h"
#include "holdfast/importers/ImportError.h"
#include "holdfast/wire/BleNotificationLog.h"
#include "holdfast/wire/DelimitedTextParser.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/TindeqProgressorParser.h"

using namespace holdfast;
using importers::BleLogOptions;

namespace {
std::string fixture(const char* name) {
  std::ifstream in(std::string(HOLDFAST_SOURCE_DIR) + "/tests/data/ble/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
const std::string kData = "7e4e1702-1ea6-40c9-9dcc-13d34ffead57";
}  // namespace

TEST(BleLogImport, AProgressorPullGivesItsPeakRateAndDeviceTimes) {
  const auto rec = importers::importBleLog(fixture("progressor_pull.log"), BleLogOptions{});
  ASSERT_EQ(rec.time_s.size(), 801u);
  ASSERT_EQ(rec.channels.size(), 1u);
  const auto peak = std::max_element(rec.channels[0].begin(), rec.channels[0].end());
  const std::size_t at = static_cast<std::size_t>(peak - rec.channels[0].begin());
  EXPECT_NEAR(*peak, 45.0 * 9.80665, 45.0 * 9.80665 * 1e-3);  // within 0.1 %
  EXPECT_NEAR(*peak, 441.29925, 1e-4);                        // in fact float32-exact
  EXPECT_EQ(at, 400u);
  // The device clock started 5 s before its 32-bit wrap; unwrapped, every step is 12.5 ms.
  EXPECT_NEAR(rec.time_s.front(), (4294967296.0 - 5e6) * 1e-6, 1e-9);
  for (std::size_t i = 1; i < rec.time_s.size(); ++i)
    ASSERT_NEAR(rec.time_s[i] - rec.time_s[i - 1], 0.0125, 1e-9) << i;
  EXPECT_EQ(rec.device_model, "Tindeq Progressor");
  EXPECT_EQ(rec.device_firmware, "1.2.3");
  EXPECT_EQ(rec.device_battery_mv, 3950u);
  EXPECT_EQ(rec.units.at(0), "'force': kg (the device's unit, made newtons)");
  EXPECT_TRUE(rec.skipped_lines.empty());
}

TEST(BleLogImport, TheUartCsvLogGivesWhatTheSerialParserGivesForTheSameText) {
  BleLogOptions o;
  o.service = wire::BleService::NordicUart;
  const auto rec = importers::importBleLog(fixture("uart_csv.log"), o);
  const std::string text = fixture("uart_csv.txt");
  wire::DelimitedTextParser serial;
  wire::ParseOutput out;
  serial.feed(text, 0, out);
  ASSERT_EQ(rec.time_s.size(), out.frames.size());
  ASSERT_EQ(rec.time_s.size(), 4000u);
  for (std::size_t i = 0; i < out.frames.size(); ++i) {
    ASSERT_EQ(rec.time_s[i], out.frames[i].device_time_s) << i;
    ASSERT_EQ(rec.channels[0][i], out.frames[i].values[0]) << i;
  }
  EXPECT_EQ(rec.channel_names.at(0), "force");
  EXPECT_DOUBLE_EQ(*std::max_element(rec.channels[0].begin(), rec.channels[0].end()), 300.15);
}

TEST(BleLogImport, BareValuesWithoutARateAreRefusedAndWithOneAreTimed) {
  // Three values in one notification: without a clock they would share its time.
  const std::string log = "0.1 6e400003-b5a3-f393-e0a9-e50e24dcca9e 31 30 0a 31 31 0a 31 32 0a\n";
  BleLogOptions o;
  o.service = wire::BleService::NordicUart;
  try {
    (void)importers::importBleLog(log, o);
    FAIL();
  } catch (const importers::ImportError& e) {
    EXPECT_EQ(std::string(e.what()), "fewer than two samples in the log's notifications");
  }
  o.rate_hz = 100.0;
  const auto rec = importers::importBleLog(log, o);
  ASSERT_EQ(rec.time_s.size(), 3u);
  EXPECT_DOUBLE_EQ(rec.time_s[2], 0.02);
  EXPECT_DOUBLE_EQ(rec.channels[0][1], 11.0);
  o.uart_text = wire::Protocol::Chronojump;
  EXPECT_THROW((void)importers::importBleLog(log, o), importers::ImportError);
}

TEST(BleLogImport, ALogOfAnotherDeviceOrADamagedRecordSaysWhat) {
  try {
    (void)importers::importBleLog("0.1 2a19 5a\n0.2 2a19 59\n", BleLogOptions{});
    FAIL();
  } catch (const importers::ImportError& e) {
    EXPECT_EQ(std::string(e.what()),
              "no notification of tindeq-progressor's data characteristic " + kData +
                  " in the log; it has 00002a19-0000-1000-8000-00805f9b34fb (2)");
  }
  // A damaged record between good ones: skipped, its log line listed, the rest kept.
  const std::vector<wire::ProgressorSample> a{{1.0F, 0}, {1.5F, 12500}},
      b{{2.0F, 25000}, {2.5F, 37500}};
  std::string log;
  log += wire::formatBleNotification({0.1, kData, wire::progressorWeightRecord(a), 0}) + "\n";
  log += wire::formatBleNotification({0.2, kData, std::string("\x01\x10\x00", 3), 0}) + "\n";
  log += wire::formatBleNotification({0.3, kData, wire::progressorWeightRecord(b), 0}) + "\n";
  const auto rec = importers::importBleLog(log, BleLogOptions{});
  EXPECT_EQ(rec.time_s.size(), 4u);
  EXPECT_EQ(rec.skipped_lines, std::vector<std::size_t>{2});
  // The device's clock going back is refused, with its line.
  log += wire::formatBleNotification({0.4, kData, wire::progressorWeightRecord(a), 0}) + "\n";
  try {
    (void)importers::importBleLog(log, BleLogOptions{});
    FAIL();
  } catch (const importers::ImportError& e) {
    EXPECT_EQ(std::string(e.what()), "line 4: the device's time does not increase");
  }
  EXPECT_THROW((void)importers::importBleLog("0.1 2a19 zz\n", BleLogOptions{}), wire::InputError);
}

// The csv protocol's header may state units, as a file's does: kilonewtons and milliseconds are
// read as such, never as newtons and seconds; counts are refused.
TEST(BleLogImport, UnitsAUartCsvHeaderStatesAreRead) {
  const auto logOf = [](const std::string& text) {
    std::string log;
    for (std::size_t c = 0; c < text.size(); c += 20)
      log += wire::formatBleNotification({1.0 + static_cast<double>(c) / 1000.0,
                                          "6e400003-b5a3-f393-e0a9-e50e24dcca9e",
                                          text.substr(c, 20), 0}) +
             "\n";
    return log;
  };
  BleLogOptions o;
  o.service = wire::BleService::NordicUart;
  const auto rec = importers::importBleLog(logOf("time_ms,force_kN\n0,0.01\n10,0.30\n20,0.02\n"), o);
  ASSERT_EQ(rec.time_s.size(), 3u);
  EXPECT_DOUBLE_EQ(rec.time_s[1], 0.010);
  EXPECT_DOUBLE_EQ(rec.channels[0][1], 300.0);
  EXPECT_EQ(rec.units.at(0), "time 'time_ms': ms (from the header)");
  EXPECT_EQ(rec.units.at(1), "'force_kN': kN (from the header)");
  try {
    (void)importers::importBleLog(logOf("time_s,force_counts\n0,100\n0.01,200\n"), o);
    FAIL();
  } catch (const importers::ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("raw counts are never newtons"), std::string::npos)
        << e.what();
  }
}
