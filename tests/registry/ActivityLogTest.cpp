// The activity log writes what it is told into DATA/logs/holdfast.log, and discards it when it
// was never opened (a program works the same without it).

#include "holdfast/registry/ActivityLog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

using namespace holdfast::registry;  // NOLINT(google-build-using-namespace)

namespace fs = std::filesystem;

TEST(ActivityLog, WritesToTheDataFolderAndDiscardsBeforeItIsOpened) {
  activityLog()->info("before the log is opened");  // goes nowhere, harmlessly
  const fs::path data = fs::temp_directory_path() / ("holdfast-log-" + std::to_string(getpid()));
  fs::remove_all(data);
  ASSERT_EQ(openActivityLog(data, "unit-test"), "");
  for (int i = 0; i < 1000; ++i) activityLog()->info("line {}", i);
  activityLog()->error("something failed: {}", "disk full");
  closeActivityLog();
  std::ifstream in(activityLogFile(data));
  std::stringstream text;
  text << in.rdbuf();
  const std::string log = text.str();
  EXPECT_EQ(log.find("before the log is opened"), std::string::npos);
  EXPECT_NE(log.find("unit-test["), std::string::npos) << log.substr(0, 200);
  EXPECT_NE(log.find("line 999"), std::string::npos);
  EXPECT_NE(log.find("error: something failed: disk full"), std::string::npos);
  fs::remove_all(data);
}

TEST(ActivityLog, AFolderThatCannotBeMadeIsAReasonNotAnError) {
  EXPECT_NE(openActivityLog("/proc/holdfast-cannot-be-here", "unit-test"), "");
  activityLog()->info("still fine");
}
