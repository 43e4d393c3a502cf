#include "holdfast/registry/ReportFile.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "holdfast/registry/ActivityLog.h"
#include "holdfast/store/SessionLock.h"

namespace holdfast::registry {

namespace fs = std::filesystem;

fs::path reportFileFor(const fs::path& session) {
  fs::path p = session;
  return p.replace_extension("").string() + "-report.pdf";
}

std::optional<fs::path> retireReport(const fs::path& session, const std::string& why) {
  const fs::path report = reportFileFor(session);
  std::error_code ec;
  if (!fs::is_regular_file(report, ec)) return std::nullopt;
  const store::SessionLock lock(session);  // the report belongs to the session: one writer
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);  // the clinic's clock, with its offset: 20261130T081302+1400
  char stamp[40];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S%z", &local);
  fs::path retired = session;
  retired = retired.replace_extension("").string() + "-report-out-of-date-" + stamp + ".pdf";
  for (int k = 2; fs::exists(retired, ec); ++k) {  // two changes in one second
    retired = session;
    retired = retired.replace_extension("").string() + "-report-out-of-date-" + stamp + "-" +
              std::to_string(k) + ".pdf";
  }
  fs::rename(report, retired, ec);
  if (ec) {
    activityLog()->error("the report {} is out of date ({}) but cannot be renamed: {}",
                         report.string(), why, ec.message());
    return std::nullopt;
  }
  activityLog()->info("the report {} is out of date ({}): renamed {}", report.string(), why,
                      retired.string());
  return retired;
}

}  // namespace holdfast::registry
