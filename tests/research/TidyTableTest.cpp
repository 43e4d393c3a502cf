// The tidy table of batch and the research export, tested on the library: one row per effort,
// columns the union over all rows in the order first seen, a lossless hand-over between
// processes, and a codebook from the table itself.

#include "holdfast/research/TidyTable.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <sstream>

#include "EffortSessions.h"
#include "holdfast/results/SessionAnalysis.h"

using holdfast::research::TidyTable;

namespace {
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
}  // namespace

TEST(TidyTable, ColumnsAreTheUnionInOrderAndMissingCellsAreEmpty) {
  TidyTable t;
  t.addRow({{"file", "a.h5"}, {"error", "unreadable"}});
  t.addRow({{"file", "b, with a comma.h5"}, {"patient", "P-1"}});
  t.moveColumnToEnd("error");
  const auto csv = lines(t.csv());
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_EQ(csv[0], "file,patient,error");
  EXPECT_EQ(csv[1], "a.h5,,unreadable");
  EXPECT_EQ(csv[2], "\"b, with a comma.h5\",P-1,");
}

TEST(TidyTable, OneRowPerEffortWithTheKeysFirstAndTheLimbOfTheInjury) {
  const auto session = holdfast::test::leftRightSession();
  const auto analysis = holdfast::results::analyzeSession(session, {});
  TidyTable t;
  t.addEfforts({{"patient", "P-0001"}, {"session", "s1"}}, analysis, std::string("right"));
  ASSERT_EQ(t.rows(), 2u);
  const auto csv = lines(t.csv());
  EXPECT_EQ(csv[0].rfind("patient,session,limb,trial,side,effort,", 0), 0u) << csv[0];
  EXPECT_EQ(csv[1].rfind("P-0001,s1,uninvolved,1,left,1,", 0), 0u) << csv[1];
  EXPECT_EQ(csv[2].rfind("P-0001,s1,involved,2,right,1,", 0), 0u) << csv[2];
  // The peak force column holds the efforts' peaks.
  std::size_t peak = 0;
  for (std::size_t c = 0; c < t.columns().size(); ++c)
    if (t.columns()[c].name == "peak_force_n") peak = c;
  ASSERT_GT(peak, 0u);
  EXPECT_EQ(t.columns()[peak].unit, "N");
  EXPECT_NE(csv[1].find(",400,"), std::string::npos) << csv[1];
  EXPECT_NE(csv[2].find(",340,"), std::string::npos) << csv[2];
}

TEST(TidyTable, SurvivesTheHandOverBetweenProcessesAndDescribesEveryColumn) {
  TidyTable t;
  t.addEfforts({{"file", "x.h5"}},
               holdfast::results::analyzeSession(holdfast::test::leftRightSession(), {}));
  const TidyTable back = TidyTable::deserialize(t.serialize());
  EXPECT_EQ(back.csv(), t.csv());
  EXPECT_THROW((void)TidyTable::deserialize("not a table"), std::runtime_error);
  const std::string bytes = t.serialize();
  for (std::size_t cut : {std::size_t{5}, std::size_t{12}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_THROW((void)TidyTable::deserialize(bytes.substr(0, cut)), std::runtime_error) << cut;
  EXPECT_THROW((void)TidyTable::deserialize(bytes + "x"), std::runtime_error);

  TidyTable merged;
  merged.append(t);
  merged.append(back);
  EXPECT_EQ(merged.rows(), 2 * t.rows());

  const auto codebook = lines(t.codebookCsv());
  ASSERT_EQ(codebook.size(), t.columns().size() + 1);
  EXPECT_EQ(codebook[0], "column,unit,description");
  for (std::size_t i = 1; i < codebook.size(); ++i) {
    // Every column has a description (the third cell is not empty).
    EXPECT_FALSE(codebook[i].empty());
    EXPECT_NE(codebook[i].back(), ',') << codebook[i];
  }
}

// A shard's table read back from its CSV (batch --merge): quotes, commas, newlines and empty
// cells survive, and the table writes the same bytes again.
TEST(TidyTable, ReadsItsOwnCsvBackByteForByte) {
  TidyTable t;
  t.addRow({{"file", "a, \"quoted\".h5"}, {"error", "line one\nline two"}});
  t.addRow({{"file", "b.h5"}, {"patient", "P-1"}});
  t.addRow({{"patient", "P-2"}});
  const std::string csv = t.csv();
  const TidyTable back = TidyTable::fromCsv(csv);
  EXPECT_EQ(back.rows(), 3u);
  ASSERT_EQ(back.columns().size(), 3u);
  EXPECT_EQ(back.columns()[2].name, "patient");
  EXPECT_EQ(back.csv(), csv);
  EXPECT_THROW((void)TidyTable::fromCsv("a,b\n1,2,3\n"), std::exception);
}

// Rows are dense and grow with the table: a row written before a column existed, a column
// moved from the middle to the end, another table's columns in another order.
TEST(TidyTable, RowsOfDifferentLengthsKeepTheirCellsThroughMovesAndAppends) {
  TidyTable t;
  t.addRow({{"file", "a.h5"}});
  t.addRow({{"file", "b.h5"}, {"error", "bad"}, {"patient", "P-2"}});
  t.addRow({{"file", "c.h5"}, {"error", "worse"}});
  t.moveColumnToEnd("error");
  t.moveColumnToEnd("absent");  // no such column: nothing moves
  EXPECT_EQ(lines(t.csv()),
            (std::vector<std::string>{"file,patient,error", "a.h5,,", "b.h5,P-2,bad",
                                      "c.h5,,worse"}));

  TidyTable other;
  other.addRow({{"patient", "P-9"}, {"site", "north"}, {"file", "d.h5"}});
  t.append(other);
  t.append(other, 0, 0);
  EXPECT_THROW(t.append(other, 1, 1), std::out_of_range);
  EXPECT_EQ(lines(t.csv()).back(), "d.h5,P-9,,north");
  EXPECT_EQ(lines(t.csv()).front(), "file,patient,error,site");
  EXPECT_EQ(TidyTable::deserialize(t.serialize()).csv(), t.csv());
}

// Taking rows (the batch merge) gives the table appending them gives: in the same column order
// the rows are moved as they are, in another each cell goes to its column.
TEST(TidyTable, TakingRowsGivesWhatAppendingThemGives) {
  TidyTable same, other;
  same.addRow({{"file", "e.h5"}, {"patient", "P-5"}});
  same.addRow({{"file", "f.h5"}});
  other.addRow({{"site", "south"}, {"file", "g.h5"}, {"patient", "P-7"}});
  for (const bool taking : {false, true}) {
    TidyTable into;
    into.addRow({{"file", "a.h5"}, {"patient", "P-1"}, {"error", "bad"}});
    TidyTable s = same, o = other;
    if (taking) {
      into.take(s, 1, 1);
      into.take(o, 0, 1);
      into.take(s, 0, 1);
      EXPECT_THROW(into.take(s, 2, 1), std::out_of_range);
    } else {
      into.append(same, 1, 1);
      into.append(other, 0, 1);
      into.append(same, 0, 1);
    }
    EXPECT_EQ(lines(into.csv()),
              (std::vector<std::string>{"file,patient,error,site", "a.h5,P-1,bad,", "f.h5,,,",
                                        "g.h5,P-7,,south", "e.h5,P-5,,"}))
        << (taking ? "take" : "append");
  }
}

// Numbers are written as printf's %.10g writes them (to_chars, general, precision 10); an
// absent value (NaN) is an empty cell.
TEST(TidyTable, NumbersAreWrittenWithTenSignificantDigits) {
  const std::vector<double> values = {0.1,     1.0 / 3.0, 1234567.891234, 123456789012.5,
                                      -2.5e-7, 0.0,       1e21,           -0.0};
  std::vector<holdfast::store::ResultsColumn> table(1);
  table[0].name = "peak_force_n";
  table[0].unit = "N";
  table[0].numbers = values;
  table[0].numbers.push_back(std::numeric_limits<double>::quiet_NaN());
  TidyTable t;
  t.addEfforts({}, table);
  const auto csv = lines(t.csv());
  ASSERT_EQ(csv.size(), values.size() + 2);
  for (std::size_t i = 0; i < values.size(); ++i) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.10g", values[i]);
    EXPECT_EQ(csv[i + 1], expected);
  }
  EXPECT_EQ(csv.back(), "");
}
