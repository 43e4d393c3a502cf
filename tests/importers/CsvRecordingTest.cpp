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

TEST(CsvRecording, TextWithoutAHeaderIsReadByPositionWithTheRate) {
  // Whitespace-separated, one column per plate, no header: lab exports as they come.
  const std::string text = "  431.30\t 451.77\n431.93   451.94\n\n432.10 452.00\n";
  CsvImportOptions o;
  o.rate_hz = 1000.0;
  o.columns = {{"left", "1"}, {"right", "2"}};
  const CsvRecording r = parseCsvRecording(text, o);
  ASSERT_EQ(r.channels.size(), 2u);
  EXPECT_EQ(r.channel_names, (std::vector<std::string>{"column 1", "column 2"}));
  EXPECT_EQ(r.channel_sides, (std::vector<std::string>{"left", "right"}));
  EXPECT_EQ(r.channels[0], (std::vector<double>{431.30, 431.93, 432.10}));
  EXPECT_EQ(r.channels[1], (std::vector<double>{451.77, 451.94, 452.00}));
  EXPECT_EQ(r.time_s, (std::vector<double>{0.0, 0.001, 0.002}));
  // A single column needs no mapping; several do, and the rate is always needed.
  CsvImportOptions single;
  single.rate_hz = 2000.0;
  EXPECT_EQ(parseCsvRecording("723.38\n723.37\n", single).channels.at(0),
            (std::vector<double>{723.38, 723.37}));
  CsvImportOptions unmapped;
  unmapped.rate_hz = 1000.0;
  EXPECT_THROW((void)parseCsvRecording(text, unmapped), ImportError);
  EXPECT_THROW((void)parseCsvRecording("723.38\n723.37\n", CsvImportOptions{}), ImportError);
  // A position beyond the columns is an error that says how many there are.
  o.columns = {{"left", "1"}, {"right", "3"}};
  try {
    (void)parseCsvRecording(text, o);
    FAIL() << "column 3 of 2";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("position 1-2"), std::string::npos) << e.what();
  }
}

TEST(CsvRecording, ColumnsWithAHeaderMayBeGivenByPositionToo) {
  CsvImportOptions o;
  o.columns = {{"left", "2"}, {"right", "FP2"}};
  const CsvRecording r = parseCsvRecording("t,FP1,FP2\n0,1,2\n0.5,3,4\n", o);
  EXPECT_EQ(r.channel_names, (std::vector<std::string>{"FP1", "FP2"}));
  EXPECT_EQ(r.channels[0], (std::vector<double>{1, 3}));
}
