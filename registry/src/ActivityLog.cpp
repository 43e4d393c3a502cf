#include "holdfast/registry/ActivityLog.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace holdfast::registry {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kFileBytes = 5 * 1024 * 1024;
constexpr std::size_t kFiles = 3;

std::mutex& logMutex() {
  static std::mutex m;
  return m;
}

std::shared_ptr<spdlog::logger>& current() {
  static std::shared_ptr<spdlog::logger> logger = std::make_shared<spdlog::logger>(
      "holdfast-off", std::make_shared<spdlog::sinks::null_sink_mt>());
  return logger;
}

}  // namespace

fs::path activityLogFile(const fs::path& data_folder) {
  return data_folder / "logs" / "holdfast.log";
}

std::string openActivityLog(const fs::path& data_folder, const std::string& program) {
  const std::lock_guard lock(logMutex());
  try {
    const fs::path file = activityLogFile(data_folder);
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);  // 0700 under the programs' umask
    if (ec) return "cannot create " + file.parent_path().string() + ": " + ec.message();
    auto sink =
        std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), kFileBytes, kFiles);
    auto logger = std::make_shared<spdlog::logger>(program, std::move(sink));
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %n[%P] %l: %v");
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);  // each line reaches the file at once (no fsync)
    current() = std::move(logger);
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::shared_ptr<spdlog::logger> activityLog() {
  const std::lock_guard lock(logMutex());
  return current();
}

void closeActivityLog() {
  const std::lock_guard lock(logMutex());
  current()->flush();
  current() = std::make_shared<spdlog::logger>("holdfast-off",
                                               std::make_shared<spdlog::sinks::null_sink_mt>());
}

}  // namespace holdfast::registry
