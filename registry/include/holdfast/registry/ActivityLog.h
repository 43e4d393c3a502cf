#pragma once
// The activity log: what `acquire`, `recover`, `batch` and the station did (what was opened,
// recorded, reconnected, recovered, failed, with the exception text), in a rotating file in the
// data folder (DATA/logs/holdfast.log, 3 files of 5 MB), written by spdlog. Lines are written
// only from the threads that run commands (the main thread, the station's GUI thread and its
// build worker), a few per trial, appended without fsync; the acquisition and drain threads
// never log (their counters are logged when the trial ends), so recording never waits for it.
// spdlog's asynchronous logger was tried first: its pool thread lives in the uninstrumented
// Debian library, which ThreadSanitizer cannot follow. Before openActivityLog() (or when the
// file cannot be opened) the log discards everything: a program works the same without it.

#include <filesystem>
#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace holdfast::registry {

/// Opens DATA/logs/holdfast.log for `program` ("acquire", "station"...). Returns "" or, when
/// the log cannot be opened, why (the caller may warn; nothing else changes).
std::string openActivityLog(const std::filesystem::path& data_folder, const std::string& program);

/// The log (a discarding one until openActivityLog succeeded).
[[nodiscard]] std::shared_ptr<spdlog::logger> activityLog();

/// Writes out what is queued and closes the file (also done at exit).
void closeActivityLog();

/// DATA/logs/holdfast.log
[[nodiscard]] std::filesystem::path activityLogFile(const std::filesystem::path& data_folder);

}  // namespace holdfast::registry
