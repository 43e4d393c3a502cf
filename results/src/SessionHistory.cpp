#include "holdfast/results/SessionHistory.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "holdfast/registry/DataFolder.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::results {

namespace fs = std::filesystem;

std::vector<SessionHistoryEntry> patientHistory(const fs::path& data_folder,
                                                const std::string& patient_id) {
  std::vector<SessionHistoryEntry> out;
  fs::path folder;
  try {
    folder = registry::patientSessionFolder(data_folder, patient_id);
  } catch (const std::exception&) {
    return out;  // an id that cannot name a folder has no sessions
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (e.path().extension() != ".h5") continue;
    SessionHistoryEntry h;
    h.file = e.path();
    try {
      const store::SessionInfo info = store::readSessionInfo(e.path(), &h.trials);
      h.created_utc = info.created_utc;
      h.when = store::localDateTime(info.created_local, info.created_utc);
      h.test = info.test;
      if (!info.test_definition.empty()) {
        const auto def = nlohmann::json::parse(info.test_definition, nullptr, false);
        if (def.is_object() && def.contains("name") && def["name"].is_string())
          h.test = def["name"].get<std::string>();
      }
      h.headline = "not analysed yet";
      if (const auto stored = store::readAnalysisJson(e.path())) {
        const auto j = nlohmann::json::parse(*stored, nullptr, false);
        if (j.is_object() && j.contains("headline") && j["headline"].is_string())
          h.headline = j["headline"].get<std::string>();
        else if (j.is_object())
          h.headline = "analysed (open it to see the results)";
        if (j.is_object() && j.contains("criteria_verdict") &&
            j["criteria_verdict"].contains("text") && j["criteria_verdict"]["text"].is_string())
          h.verdict = j["criteria_verdict"]["text"].get<std::string>();
      }
    } catch (const std::exception& ex) {
      h.problem = ex.what();
    }
    out.push_back(std::move(h));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(b.created_utc, b.file) < std::tie(a.created_utc, a.file);
  });
  return out;
}

}  // namespace holdfast::results
