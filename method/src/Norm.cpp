#include "holdfast/method/Norm.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/method/Identifier.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/Population.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::method {

namespace fs = std::filesystem;
using nlohmann::json;

std::string NormPopulation::text() const {
  std::string out = sex == "any" ? std::string("either sex") : sex;
  if (age_min > 0 || age_max < 200)
    out += ", " + std::to_string(age_min) + "-" + std::to_string(age_max) + " years";
  if (sport != "any") out += ", " + sport;
  if (level != "any") out += " (" + level + ")";
  return out;
}

namespace {

void allowOnly(const json& j, const std::set<std::string>& keys, const std::string& at) {
  for (const auto& [key, value] : j.items()) {
    if (!keys.count(key)) {
      const std::vector<std::string> known(keys.begin(), keys.end());
      throw wire::InputError(at + ": " + wire::unknownNameMessage("key", key, known));
    }
  }
}

std::string text(const json& j, const char* key, const std::string& at, bool required) {
  if (!j.contains(key)) {
    if (required) throw wire::InputError(at + ": '" + key + "' is missing");
    return {};
  }
  if (!j[key].is_string()) throw wire::InputError(at + ": '" + key + "' must be a string");
  const std::string v = j[key].get<std::string>();
  if (required && v.empty()) throw wire::InputError(at + ": '" + key + "' is empty");
  return v;
}

double number(const json& j, const char* key, const std::string& at, double lo, double hi) {
  if (!j.contains(key)) throw wire::InputError(at + ": '" + key + "' is missing");
  if (!j[key].is_number()) throw wire::InputError(at + ": '" + key + "' must be a number");
  const double v = j[key].get<double>();
  if (!(v >= lo && v <= hi)) {
    std::ostringstream s;
    s << at << ": '" << key << "' must be between " << lo << " and " << hi << " (got " << v << ")";
    throw wire::InputError(s.str());
  }
  return v;
}

NormPopulation readPopulation(const json& j, const std::string& at) {
  if (!j.is_object()) throw wire::InputError(at + " must be an object");
  allowOnly(j, {"sex", "age_min", "age_max", "sport", "level", "description"}, at);
  NormPopulation p;
  p.sex = text(j, "sex", at, true);
  if (p.sex != "female" && p.sex != "male" && p.sex != "any")
    throw wire::InputError(at + ": 'sex' must be female, male or any, got '" + p.sex + "'");
  if (j.contains("age_min")) p.age_min = static_cast<int>(number(j, "age_min", at, 0, 120));
  if (j.contains("age_max")) p.age_max = static_cast<int>(number(j, "age_max", at, 0, 200));
  if (p.age_min > p.age_max) throw wire::InputError(at + ": 'age_min' is above 'age_max'");
  p.sport = text(j, "sport", at, true);
  p.level = text(j, "level", at, true);
  try {
    if (p.sport != "any") wire::checkSport(p.sport);
    if (p.level != "any") wire::checkSportLevel(p.level);
  } catch (const wire::InputError& e) {
    throw wire::InputError(at + ": " + e.what());
  }
  p.description = text(j, "description", at, true);
  return p;
}

Norm readRow(const json& r, const json& source, const std::string& at,
             const std::vector<TestDefinition>& library) {
  if (!r.is_object()) throw wire::InputError(at + " must be an object");
  allowOnly(r,
            {"id", "test", "metric", "unit", "position", "mode", "device", "population", "n",
             "mean", "sd", "citation", "caveat"},
            at);
  Norm n;
  n.id = text(r, "id", at, true);
  try {
    checkIdentifier("id", n.id);
  } catch (const wire::InputError& e) {
    throw wire::InputError(at + ": " + e.what());
  }
  n.test = text(r, "test", at, true);
  const auto test = std::find_if(library.begin(), library.end(),
                                 [&](const TestDefinition& t) { return t.id == n.test; });
  if (test == library.end()) {
    std::vector<std::string> ids;
    for (const TestDefinition& t : library) ids.push_back(t.id);
    throw wire::InputError(at + ": " + wire::unknownNameMessage("test", n.test, ids));
  }
  n.metric = text(r, "metric", at, true);
  const analysis::MetricInfo* info = analysis::findMetric(n.metric);
  if (info == nullptr) {
    std::vector<std::string> keys;
    for (const auto& m : analysis::metricCatalogue()) keys.emplace_back(m.key);
    throw wire::InputError(at + ": " + wire::unknownNameMessage("metric", n.metric, keys));
  }
  n.unit = text(r, "unit", at, true);
  if (n.unit != info->unit)
    throw wire::InputError(at + ": 'unit' is " + n.unit + " but " + n.metric + " is in " +
                           info->unit + " (a norm in another unit must be converted first)");
  n.position = text(r, "position", at, true);
  n.mode = text(r, "mode", at, true);
  if (n.mode != "make" && n.mode != "break")
    throw wire::InputError(at + ": 'mode' must be make or break, got '" + n.mode + "'");
  // The test fixes how the patient is measured: a norm of a break test cannot be compared with
  // a make test (they differ: docs/tests.md), nor one of a dynamometer test with a plate test.
  if (!test->dynamometer)
    throw wire::InputError(at + ": test " + n.test + " is not a dynamometer test");
  if (test->dynamometer->mode != n.mode)
    throw wire::InputError(at + ": the norm is of a " + n.mode + " test but " + n.test + " is a " +
                           test->dynamometer->mode + " test");
  n.device = text(r, "device", at, true);
  if (!r.contains("population")) throw wire::InputError(at + ": 'population' is missing");
  n.population = readPopulation(r["population"], at + ": population");
  n.n = static_cast<int>(number(r, "n", at, 1, 1e7));
  n.mean = number(r, "mean", at, -1e9, 1e9);
  n.sd = number(r, "sd", at, 0, 1e9);
  if (!(n.sd > 0)) throw wire::InputError(at + ": 'sd' must be above 0");
  n.citation = r.contains("citation") ? text(r, "citation", at, true)
                                      : text(source, "citation", at + " (source)", true);
  n.cited_as = text(source, "cited_as", at + " (source)", true);
  n.doi = text(source, "doi", at + " (source)", false);
  n.values_from = text(source, "values_from", at + " (source)", true);
  n.caveat = text(r, "caveat", at, false);
  return n;
}

}  // namespace

std::vector<Norm> parseNorms(const std::string& json_text, const fs::path& where,
                             const std::vector<TestDefinition>& library) {
  const std::string at = where.string();
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {
    throw wire::InputError(at + ": not JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw wire::InputError(at + ": not a JSON object");
  allowOnly(j, {"schema", "source", "rows"}, at);
  if (text(j, "schema", at, true) != "holdfast-norms/1")
    throw wire::InputError(at + ": 'schema' must be \"holdfast-norms/1\"");
  if (!j.contains("source") || !j["source"].is_object())
    throw wire::InputError(at + ": 'source' must be an object");
  allowOnly(j["source"], {"citation", "cited_as", "doi", "values_from", "licence"},
            at + ": source");
  if (!j.contains("rows") || !j["rows"].is_array() || j["rows"].empty())
    throw wire::InputError(at + ": 'rows' must be a non-empty list");
  std::vector<Norm> out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < j["rows"].size(); ++i) {
    Norm n = readRow(j["rows"][i], j["source"], at + ": rows[" + std::to_string(i) + "]", library);
    if (!ids.insert(n.id).second)
      throw wire::InputError(at + ": norm id '" + n.id + "' is used by another row");
    n.file = where;
    out.push_back(std::move(n));
  }
  return out;
}

fs::path normsFolder(const fs::path& test_library) { return test_library / "norms"; }

std::vector<Norm> loadNorms(const fs::path& folder, const std::vector<TestDefinition>& library) {
  std::vector<Norm> out;
  std::error_code ec;
  if (!fs::exists(folder, ec)) return out;
  if (!fs::is_directory(folder, ec))
    throw wire::InputError("the norms table " + folder.string() + " is not a folder");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) throw wire::InputError("cannot read the norms table " + folder.string());
  std::sort(files.begin(), files.end());
  std::set<std::string> ids;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in && !in.eof()) throw wire::InputError("cannot read " + file.string());
    if (s.str().size() > (1u << 20)) throw wire::InputError(file.string() + " is larger than 1 MB");
    for (Norm& n : parseNorms(s.str(), file, library)) {
      if (!ids.insert(n.id).second)
        throw wire::InputError(file.string() + ": norm id '" + n.id + "' is used by another row");
      out.push_back(std::move(n));
    }
  }
  return out;
}

}  // namespace holdfast::method
