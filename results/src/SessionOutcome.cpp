#include "holdfast/results/SessionOutcome.h"

#include <nlohmann/json.hpp>

#include "holdfast/results/SessionMethod.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::results {

bool readOutcomeJson(const std::string& analysis_json, SessionOutcome& out) {
  const nlohmann::json j = nlohmann::json::parse(analysis_json, nullptr, false);
  if (!j.is_object() || !j.contains("values") || !j["values"].is_object()) return false;
  out.values.clear();
  for (const auto& [key, value] : j["values"].items()) {
    if (value.is_number()) out.values[key] = value.get<double>();
  }
  out.summaries.clear();
  if (j.contains("summary") && j["summary"].is_array()) {
    for (const auto& s : j["summary"]) {
      if (!s.is_object()) continue;
      SideSummary summary;
      summary.side = s.value("side", "");
      if (s.contains("condition") && s["condition"].is_string())
        summary.condition = s["condition"].get<std::string>();
      summary.metric = s.value("metric", "");
      const auto number = [&](const char* key) {
        return s.contains(key) && s[key].is_number() ? s[key].get<double>() : 0.0;
      };
      summary.measure.n =
          s.contains("n") && s["n"].is_number_unsigned() ? s["n"].get<std::size_t>() : 0;
      summary.measure.best = number("best");
      summary.measure.mean = number("mean");
      summary.measure.sd = number("sd");
      summary.measure.cv_percent = number("cv_percent");
      out.summaries.push_back(std::move(summary));
    }
  }
  return true;
}

SessionOutcome sessionOutcome(const std::filesystem::path& file,
                              const std::vector<method::TestDefinition>& library) {
  SessionOutcome out;
  out.file = file;
  out.info = store::readSessionInfo(file);
  if (const auto stored = store::readAnalysisJson(file); stored && readOutcomeJson(*stored, out)) {
    out.source = "stored results";
    return out;
  }
  const store::SessionRecord session = store::readSessionFile(file);
  const SessionMethod method = sessionMethod(session, library);
  SessionAnalysis a = analyzeWith(session, method);
  out.info = session.info;
  out.values = std::move(a.values);
  out.summaries = std::move(a.summaries);
  out.source = "analysed with its own method (" + method.source + ")";
  return out;
}

BaselineComparison compareToBaseline(const SessionAnalysis& current,
                                     const store::SessionInfo& current_info,
                                     const std::filesystem::path& baseline,
                                     const std::string& metric, double sem,
                                     const std::vector<method::TestDefinition>& library) {
  // The baseline's own stored results (or its own method): never this session's method.
  SessionOutcome before;
  try {
    before = sessionOutcome(baseline, library);
  } catch (const std::exception& e) {
    throw wire::InputError(std::string("--compare-to: ") + e.what());
  }
  const std::string file = baseline.string();
  if (!before.info.patient_id.empty() && before.info.patient_id != current_info.patient_id)
    throw wire::InputError("--compare-to: " + file + " is patient '" + before.info.patient_id +
                           "', not '" + current_info.patient_id + "'");
  if (before.info.test != current_info.test)
    throw wire::InputError("--compare-to: " + file + " is test '" + before.info.test + "', not '" +
                           current_info.test + "'");
  return {compareWithBaseline(current, before.values, metric, sem), before.source, sem, file};
}

void BaselineComparison::addTo(nlohmann::ordered_json& json) const {
  json["change_from_baseline_source"] = source;
  auto& list = json["change_from_baseline"] = nlohmann::ordered_json::array();
  for (const SessionChangeEntry& c : changes) {
    list.push_back({{"metric", c.metric},
                    {"side", c.side},
                    {"baseline_file", baseline_file},
                    {"baseline", c.change.baseline},
                    {"current", c.change.current},
                    {"change", c.change.change},
                    {"change_percent", c.change.change_percent},
                    {"sem", sem},
                    {"mdc95", c.change.mdc95},
                    {"exceeds_mdc", c.change.exceeds_mdc}});
  }
}

}  // namespace holdfast::results
