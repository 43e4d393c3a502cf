// CSV/TSV recordings made elsewhere, read by the importers library on its own: quoted headers
// (RFC 4180), the delimiter found outside quotes, one strict number parser.

#include "holdfast/importers/CsvRecording.h"

#include <gtest/gtest.h>

#include "holdfast/importers/ImportError.h"

using namespace holdfast::importers;

TEST(CsvRecording, AQuotedHeaderWithTheDelimiterInsideIsOneColumn) {
  const CsvRecording r = parseCsvRecording(
      "time,\"Force, N\"\n0.000,10.5\n0.001,11.0\n0.002,\"11.5\"\n", CsvImportOptions{});
  ASSERT_EQ(r.channels.size(), 1u);
  EXPECT_EQ(r.channel_names.at(0), "Force, N");
  EXPECT_EQ(r.channels[0], (std::vector<double>{10.5, 11.0, 11.5}));
  EXPECT_EQ(r.time_s, (std::vector<double>{0.0, 0.001, 0.002}));
  EXPECT_TRUE(r.skipped_lines.empty());
}

TEST(CsvRecording, TheDelimiterIsFoundOutsideQuotesAndDoubledQuotesAreOneQuote) {
  // A comma file whose header has a ';' inside quotes stays a comma file.
  CsvImportOptions o;
  o.columns = {{"left", "left \"A;B\""}, {"right", "right"}};
  const CsvRecording r = parseCsvRecording("time,\"left \"\"A;B\"\"\",right\n0,1,2\n0.5,3,4\n", o);
  ASSERT_EQ(r.channels.size(), 2u);
  EXPECT_EQ(r.channel_names.at(0), "left \"A;B\"");
  EXPECT_EQ(r.channels[1], (std::vector<double>{2, 4}));
}

TEST(CsvRecording, NumbersAreStrictAndBadRowsAreReportedByLine) {
  const CsvRecording r = parseCsvRecording(
      "time;force\n0;1\n0.001;2x\n0.002;+3\n0.003;nan\n0.004;5e0\n", CsvImportOptions{});
  EXPECT_EQ(r.channels.at(0), (std::vector<double>{1, 3, 5}));
  EXPECT_EQ(r.skipped_lines, (std::vector<std::size_t>{3, 5}));
  EXPECT_THROW((void)parseCsvRecording("", CsvImportOptions{}), ImportError);
  EXPECT_THROW((void)parseCsvRecording("time,force\n1,2\n", CsvImportOptions{}), ImportError);
}
