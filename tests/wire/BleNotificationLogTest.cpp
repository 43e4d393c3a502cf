#include <gtest/gtest.h>

#include "holdfast/wire/BleNotificationLog.h"
#include "holdfast/wire/BleServices.h"
#include "holdfast/wire/InputError.h"

using namespace holdfast::wire;

TEST(BleNotificationLog, ReadsTimesUuidsAndBytesInEveryUsualSpelling) {
  const auto log = parseBleNotificationLog(
      "# nRF Connect capture, trimmed\n"
      "\n"
      "0.5 7E4E1703-1EA6-40C9-9DCC-13D34FFEAD57 65 00   # start\n"
      "0.5125 7e4e1702-1ea6-40c9-9dcc-13d34ffead57 01-08-00-00-c0-3f-e8-03-00-00\r\n"
      "0.525 2a19 0x5a\n"
      "0.55 6e400003-b5a3-f393-e0a9-e50e24dcca9e 31:2e:35 0a\n");
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0].uuid, "7e4e1703-1ea6-40c9-9dcc-13d34ffead57");
  EXPECT_EQ(log[0].value, std::string("\x65\x00", 2));
  EXPECT_EQ(log[0].line, 3u);
  EXPECT_EQ(log[1].value.size(), 10u);
  EXPECT_DOUBLE_EQ(log[1].time_s, 0.5125);
  EXPECT_EQ(log[2].uuid, "00002a19-0000-1000-8000-00805f9b34fb");
  EXPECT_EQ(log[2].value, "\x5a");
  EXPECT_EQ(log[3].value, "1.5\n");
  EXPECT_EQ(parseBleNotificationLog(formatBleNotification(log[1]))[0].value, log[1].value);
}

TEST(BleNotificationLog, AByteOrderMarkIsNotPartOfTheFirstTime) {
  const auto log = parseBleNotificationLog("\xEF\xBB\xBF" "0.25 2a19 5a\r\n");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_DOUBLE_EQ(log[0].time_s, 0.25);
}

TEST(BleNotificationLog, EachFaultNamesItsLine) {
  const auto message = [](const char* text) {
    try {
      (void)parseBleNotificationLog(text);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("0.1 2a19 01\nsoon 2a19 01\n"),
            "line 2 of the notification log: 'soon' is not a time");
  EXPECT_EQ(message("0.1 2a1 01\n"), "line 1 of the notification log: '2a1' is not a UUID");
  EXPECT_EQ(message("0.1 2a19 0g\n"), "line 1 of the notification log: '0g' is not hex bytes");
  EXPECT_EQ(message("0.1 2a19 012\n"),
            "line 1 of the notification log: odd number of hex digits in '012'");
  EXPECT_EQ(message("0.2 2a19 01\n0.1 2a19 01\n"),
            "line 2 of the notification log: time goes back (0.1 s after 0.200000 s)");
  EXPECT_EQ(message("0.1 2a19\n"),
            "line 1 of the notification log: expected SECONDS UUID HEXBYTES");
}

TEST(BleServices, NamesAndUuidsAreThePublishedOnes) {
  EXPECT_EQ(describeBleService("tindeq-progressor").data_uuid,
            "7e4e1702-1ea6-40c9-9dcc-13d34ffead57");
  EXPECT_EQ(describeBleService("ble-uart").data_uuid, "6e400003-b5a3-f393-e0a9-e50e24dcca9e");
  try {
    (void)describeBleService("tindeq");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean tindeq-progressor"), std::string::npos)
        << e.what();
  }
}
