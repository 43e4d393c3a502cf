#include "holdfast/results/StoredAnalyses.h"

#include <nlohmann/json.hpp>

#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/ResultsTable.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::results {

namespace fs = std::filesystem;

namespace {

/// The method and overrides an analysis was made with, as one comparable text.
std::string methodKey(const std::string& method_json, const std::vector<std::string>& overrides) {
  std::string key = method_json;
  for (const std::string& o : overrides) key += "\n" + o;
  return key;
}

std::string methodKey(const SessionAnalysis& a) {
  return methodKey(nlohmann::json::parse(methodJson(a.method).dump()).dump(), a.method_overrides);
}

}  // namespace

std::string StoredAnalysisSummary::describe() const {
  const std::string when = store::localDateTime("", created_utc);  // the reader's clock
  std::string text = when + ", holdfast " + (software_version.empty() ? "?" : software_version);
  if (!method_source.empty()) text += ", method: " + method_source;
  if (!overrides.empty()) {
    text += ", overrides";
    for (const std::string& o : overrides) text += " " + o;
  } else {
    text += ", no overrides";
  }
  return text;
}

std::vector<StoredAnalysisSummary> storedAnalyses(const fs::path& file) {
  std::vector<StoredAnalysisSummary> out;
  for (const store::StoredAnalysis& s : store::readStoredAnalyses(file)) {
    StoredAnalysisSummary a;
    a.path = s.path;
    a.created_utc = s.created_utc;
    a.software_version = s.software_version;
    try {
      const nlohmann::json j = nlohmann::json::parse(s.results_json);
      if (j.contains("method_source") && j["method_source"].is_string())
        a.method_source = j["method_source"].get<std::string>();
      if (j.contains("method_overrides") && j["method_overrides"].is_array()) {
        for (const auto& o : j["method_overrides"])
          if (o.is_string()) a.overrides.push_back(o.get<std::string>());
      }
      if (j.contains("method")) a.method_json = j["method"].dump();
    } catch (const nlohmann::json::exception& e) {
      throw wire::InputError(file.string() + s.path + ": the stored results cannot be read (" +
                             e.what() + ")");
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::string storeAnalysis(const fs::path& file, const store::SessionRecord& session,
                          const SessionAnalysis& analysis, const nlohmann::ordered_json* given) {
  const nlohmann::ordered_json json =
      given ? *given : nlohmann::ordered_json(analysisJson(file.string(), session, analysis));
  bool keep = false;
  const auto stored = storedAnalyses(file);
  if (!stored.empty() && !stored.front().path.empty()) {
    const StoredAnalysisSummary& current = stored.front();
    keep = methodKey(current.method_json, current.overrides) != methodKey(analysis);
  }
  return store::writeAnalysisResults(file,
                                     {json.dump(), HOLDFAST_VERSION, store::isoUtcNow(),
                                      flattenMethod(json["method"]), resultsTable(analysis)},
                                     keep, session.trials.size());
}

std::string otherStoredAnalyses(const fs::path& file, const SessionAnalysis& shown) {
  std::vector<StoredAnalysisSummary> stored;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return {};
  try {
    stored = storedAnalyses(file);
  } catch (const std::exception& e) {
    return std::string("The analyses stored in the file cannot be read: ") + e.what();
  }
  const std::string key = methodKey(shown);
  std::string text;
  for (const StoredAnalysisSummary& s : stored) {
    if (methodKey(s.method_json, s.overrides) == key) continue;
    text += (text.empty() ? "" : "; ") + s.path + " (" + s.describe() + ")";
  }
  return text.empty() ? text : "Also stored in the file, made with another method: " + text + ".";
}

}  // namespace holdfast::results
