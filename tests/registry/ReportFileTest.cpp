// A report beside a session that changed is kept under an out-of-date name, never deleted.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "holdfast/registry/ReportFile.h"

using namespace holdfast::registry;  // NOLINT(google-build-using-namespace)

namespace fs = std::filesystem;

TEST(ReportFile, AReportOfAChangedSessionIsKeptUnderAnOutOfDateName) {
  const fs::path dir =
      fs::temp_directory_path() / ("holdfast-report-file-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path session = dir / "2026-11-30_isometric-max.h5";
  EXPECT_EQ(reportFileFor(session), dir / "2026-11-30_isometric-max-report.pdf");
  EXPECT_FALSE(retireReport(session, "trial 2 added").has_value());  // no report: nothing

  std::ofstream(reportFileFor(session)) << "the signed one";
  const auto first = retireReport(session, "trial 2 added");
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(fs::exists(reportFileFor(session)));
  EXPECT_TRUE(
      first->filename().string().starts_with("2026-11-30_isometric-max-report-out-of-date-"))
      << *first;
  std::ifstream in(*first);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "the signed one");
  // A second change within the same second never overwrites the first retired report.
  std::ofstream(reportFileFor(session)) << "the next one";
  const auto second = retireReport(session, "trial 3 added");
  ASSERT_TRUE(second.has_value());
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(fs::exists(*first));
  fs::remove_all(dir);
}
