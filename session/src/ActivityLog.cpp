#include "holdfast/session/ActivityLog.h"

#include <spdlog/async.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace holdfast::session {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kFileBytes = 5 * 1024 * 1024;
constexpr std::size_t kFiles = 3;
constexpr std::size_t kQueueLines = 8192;

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
    if (!spdlog::thread_pool()) spdlog::init_thread_pool(kQueueLines, 1);
    auto sink =
        std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), kFileBytes, kFiles);
    auto logger =
        std::make_shared<spdlog::async_logger>(program, std::move(sink), spdlog::thread_pool(),
                                               spdlog::async_overflow_policy::overrun_oldest);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %n[%P] %l: %v");
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::warn);
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
  spdlog::shutdown();
}

}  // namespace holdfast::session
