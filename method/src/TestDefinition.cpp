#include "holdfast/method/TestDefinition.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/method/AnalysisParameters.h"
#include "holdfast/method/Identifier.h"
#include "holdfast/wire/CheckedField.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::method {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void allowOnly(const json& object, std::initializer_list<const char*> keys, const std::string& at) {
  for (const auto& item : object.items()) {
    const std::string& key = item.key();  // (a structured binding cannot be captured in C++20)
    if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; })) {
      throw wire::InputError(at + ": " +
                             wire::unknownNameMessage("key", key, {keys.begin(), keys.end()}));
    }
  }
}

std::string text(const json& o, const char* key, const std::string& at, bool required,
                 std::string fallback = "") {
  if (!o.contains(key)) {
    if (required) throw wire::InputError(at + ": '" + key + "' is missing");
    return fallback;
  }
  if (!o[key].is_string() || o[key].get<std::string>().size() > 2000) {
    throw wire::InputError(at + ": '" + key + "' must be a string (at most 2000 characters)");
  }
  return o[key].get<std::string>();
}

double number(const json& o, const char* key, const std::string& at, double lo, double hi,
              double fallback) {
  return wire::checkedNumber(o, key, at, lo, hi, fallback);
}

TestKind parseKind(const std::string& k, const std::string& at) {
  if (k == "max_effort") return TestKind::MaxEffort;
  if (k == "hold") return TestKind::Hold;
  if (k == "critical_force") return TestKind::CriticalForce;
  if (k == "nordic") return TestKind::Nordic;
  if (k == "balance") return TestKind::Balance;
  if (k == "jump") return TestKind::Jump;
  throw wire::InputError(
      at + ": 'kind' must be max_effort, hold, critical_force, nordic, balance or jump (got '" + k +
      "')");
}

}  // namespace

std::vector<TestStep> TestDefinition::steps() const {
  std::vector<TestStep> out;
  const std::vector<std::string> each =
      conditions.empty() ? std::vector<std::string>{""} : conditions;
  for (const std::string& condition : each) {
    for (const std::string& side : sides) {
      for (int k = 1; k <= trials_per_side; ++k) out.push_back({side, k, condition});
    }
  }
  return out;
}

std::string TestDefinition::kindName() const {
  switch (kind) {
    case TestKind::MaxEffort:
      return "max_effort";
    case TestKind::Hold:
      return "hold";
    case TestKind::CriticalForce:
      return "critical_force";
    case TestKind::Nordic:
      return "nordic";
    case TestKind::Balance:
      return "balance";
    case TestKind::Jump:
      return "jump";
  }
  return "max_effort";
}

TestDefinition parseTestDefinition(const std::string& json_text, const fs::path& where) {
  const std::string at = where.string();
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e999 (fuzzing)
    throw wire::InputError(at + " is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw wire::InputError(at + ": expected a JSON object");
  allowOnly(j,
            {"schema", "id", "name", "description", "kind", "sides", "trials_per_side",
             "duration_s", "countdown_s", "rest_s", "plates", "target", "reps", "analysis",
             "criteria", "reliability", "simulator", "conditions", "surface", "dynamometer"},
            at);
  // "holdfast-protocol/1" is the same format under its name before tests were called tests.
  const std::string schema = text(j, "schema", at, true);
  if (schema != "holdfast-test/1" && schema != "holdfast-protocol/1") {
    throw wire::InputError(at + ": 'schema' must be \"holdfast-test/1\"");
  }
  TestDefinition p;
  p.file = where;
  p.definition_json = j.dump();
  p.id = text(j, "id", at, true);
  try {
    checkIdentifier("id", p.id);
  } catch (const wire::InputError& e) {
    throw wire::InputError(at + ": " + e.what());  // (found by the ConfigFilesFuzz target)
  }
  p.name = text(j, "name", at, true);
  if (p.name.empty()) throw wire::InputError(at + ": 'name' is empty");
  p.description = text(j, "description", at, false);
  p.kind = parseKind(text(j, "kind", at, true), at);
  if (!j.contains("sides") || !j["sides"].is_array() || j["sides"].empty() ||
      j["sides"].size() > 4) {
    throw wire::InputError(at + ": 'sides' must be a list of 1-4 of left, right, both");
  }
  for (const json& s : j["sides"]) {
    if (!s.is_string() || (s != "left" && s != "right" && s != "both")) {
      throw wire::InputError(at + ": 'sides' must be a list of 1-4 of left, right, both");
    }
    p.sides.push_back(s.get<std::string>());
  }
  p.trials_per_side = static_cast<int>(number(j, "trials_per_side", at, 1, 10, 3));
  if (j.contains("trials_per_side") && !j["trials_per_side"].is_number_integer())
    throw wire::InputError(at + ": 'trials_per_side' must be a whole number");
  p.duration_s = number(j, "duration_s", at, 1, 900, 5);
  p.countdown_s = number(j, "countdown_s", at, 0, 10, 3);
  p.rest_s = number(j, "rest_s", at, 0, 900, 60);
  p.plates = static_cast<int>(number(j, "plates", at, 0, 2, 0));
  const bool both = std::count(p.sides.begin(), p.sides.end(), "both") > 0;
  if (p.kind == TestKind::Balance) {
    // A stance is measured on plates: both feet on one or two plates ("both"), or one foot
    // ("left", "right") with the other plate telling when the other foot touches down.
    if (p.plates < 1) throw wire::InputError(at + ": a balance test needs plates (plates: 1 or 2)");
    p.method.family = analysis::TestFamily::Balance;
    if (j.contains("conditions")) {
      if (!j["conditions"].is_array() || j["conditions"].empty() || j["conditions"].size() > 2)
        throw wire::InputError(at +
                               ": 'conditions' must be a list of eyes-open and/or eyes-closed");
      for (const json& c : j["conditions"]) {
        if (!c.is_string() || (c != "eyes-open" && c != "eyes-closed") ||
            std::count(p.conditions.begin(), p.conditions.end(), c.get<std::string>()) > 0)
          throw wire::InputError(at +
                                 ": 'conditions' must be a list of eyes-open and/or eyes-closed");
        p.conditions.push_back(c.get<std::string>());
      }
    } else {
      p.conditions = {"eyes-open"};
    }
    p.surface = text(j, "surface", at, false, "firm");
    if (p.surface != "firm" && p.surface != "foam")
      throw wire::InputError(at + ": 'surface' must be firm or foam");
  } else {
    if (p.kind == TestKind::Jump) {
      // Jumps are measured on plates: both feet (one on each of two plates, side "both"), or
      // one leg on one plate (sides "left", "right").
      if (p.plates < 1) throw wire::InputError(at + ": a jump test needs plates (plates: 1 or 2)");
      p.method.family = analysis::TestFamily::Jump;
    }
    if (j.contains("conditions") || j.contains("surface"))
      throw wire::InputError(at + ": only a balance test has 'conditions' and 'surface'");
    if (both && p.plates == 1)
      throw wire::InputError(at + ": side 'both' needs two plates (plates: 2)");
    if (p.plates == 2 && !both)
      throw wire::InputError(at + ": two plates are recorded as side 'both'");
  }

  if (j.contains("target")) {
    const json& t = j["target"];
    const std::string tat = at + ": target";
    if (!t.is_object()) throw wire::InputError(tat + " must be an object");
    allowOnly(t, {"mode", "value", "reference_n", "tolerance_percent", "grace_s"}, tat);
    HoldTarget target;
    const std::string mode = text(t, "mode", tat, true);
    if (mode != "percent_of_reference" && mode != "newtons")
      throw wire::InputError(tat + ": 'mode' must be percent_of_reference or newtons");
    target.percent_of_reference = mode == "percent_of_reference";
    if (!t.contains("value")) throw wire::InputError(tat + ": 'value' is missing");
    target.value = target.percent_of_reference ? number(t, "value", tat, 5, 100, 50)
                                               : number(t, "value", tat, 1, 20000, 100);
    target.reference_n = number(t, "reference_n", tat, 10, 20000, target.reference_n);
    target.tolerance_percent = number(t, "tolerance_percent", tat, 1, 50, 10);
    target.grace_s = number(t, "grace_s", tat, 0, 10, 1);
    p.target = target;
  }
  if (p.kind == TestKind::Hold && !p.target)
    throw wire::InputError(at + ": a hold needs a 'target'");
  if (p.kind != TestKind::Hold && p.target)
    throw wire::InputError(at + ": only a hold has a 'target'");

  if (j.contains("reps") && p.kind != TestKind::CriticalForce)
    throw wire::InputError(at + ": only a critical_force test has 'reps'");
  if (p.kind == TestKind::CriticalForce) {
    RepSchedule reps;
    if (j.contains("reps")) {
      const json& r = j["reps"];
      const std::string rat = at + ": reps";
      if (!r.is_object()) throw wire::InputError(rat + " must be an object");
      allowOnly(r, {"count", "on_s", "off_s"}, rat);
      reps.count = static_cast<int>(number(r, "count", rat, 2, 200, reps.count));
      if (r.contains("count") && !r["count"].is_number_integer())
        throw wire::InputError(rat + ": 'count' must be a whole number");
      reps.on_s = number(r, "on_s", rat, 0.5, 120, reps.on_s);
      reps.off_s = number(r, "off_s", rat, 1, 120, reps.off_s);
    }
    if (p.duration_s < reps.length_s()) {
      const auto s = [](double v) {
        std::ostringstream o;
        o << v;  // 3 and 2.5, as a person writes them
        return o.str();
      };
      throw wire::InputError(at + ": 'duration_s' (" + s(p.duration_s) +
                             " s) is shorter than the reps (" + std::to_string(reps.count) + " x " +
                             s(reps.on_s) + " s on, " + s(reps.off_s) +
                             " s off = " + s(reps.length_s()) + " s)");
    }
    p.reps = reps;
    p.method.critical_force_reps = reps.count;
    p.method.critical_force_last_reps = std::min(p.method.critical_force_last_reps, reps.count);
    // An effort ends after min_rest_s at baseline; a rep's release takes about 0.4 s, so a rest
    // of off_s leaves about off_s - 0.4 s at baseline. Half the rest keeps the reps apart with
    // margin (5 x 2 s on, 1.5 s off left 1.08-1.12 s against the default 1 s, and a noise
    // sample above the threshold merged two reps); 3 s off keeps the default.
    p.method.min_rest_s = std::min(p.method.min_rest_s, reps.off_s / 2.0);
  }

  if (j.contains("analysis")) {
    if (!j["analysis"].is_object()) throw wire::InputError(at + ": 'analysis' must be an object");
    for (const auto& [key, value] : j["analysis"].items()) {
      std::string v;
      if (value.is_string()) {
        v = value.get<std::string>();
      } else if (value.is_number()) {
        v = value.dump();
      } else {
        throw wire::InputError(at + ": analysis '" + key + "' must be a string or a number");
      }
      applySetting(p.method, key, v, at + ": analysis");
    }
  }
  if (p.target) {
    // The analysis scores the hold against the same band the patient saw.
    if (p.target->percent_of_reference) {
      p.method.hold.target_percent = p.target->value;
      p.method.hold.reference_n = p.target->reference_n;
    } else {
      p.method.hold.target_n = p.target->value;
    }
    p.method.hold.tolerance_percent = p.target->tolerance_percent;
    p.method.hold.grace_s = p.target->grace_s;
  }
  try {
    p.method.validate();
  } catch (const analysis::AnalysisError& e) {
    throw wire::InputError(at + ": analysis: " + e.what());
  }
  if (p.reps && p.method.min_rest_s >= p.reps->off_s) {
    std::ostringstream o;
    o << at << ": analysis 'min-rest-s' (" << p.method.min_rest_s
      << " s) must be shorter than the rest between reps (" << p.reps->off_s
      << " s): every rep would be counted as one effort with the one before it";
    throw wire::InputError(o.str());
  }
  if (j.contains("criteria")) p.criteria = parseCriteria(j["criteria"], at);

  if (j.contains("reliability")) {
    const json& r = j["reliability"];
    if (!r.is_object()) throw wire::InputError(at + ": 'reliability' must be an object");
    allowOnly(r, {"sem_n", "source"}, at + ": reliability");
    if (!r.contains("sem_n")) throw wire::InputError(at + ": reliability: 'sem_n' is missing");
    p.sem_n = number(r, "sem_n", at + ": reliability", 0.01, 5000, 0);
    if (text(r, "source", at + ": reliability", true).empty())
      throw wire::InputError(at + ": reliability: say where 'sem_n' comes from in 'source'");
  }

  if (j.contains("dynamometer")) {
    const json& d = j["dynamometer"];
    const std::string where_d = at + ": dynamometer";
    if (!d.is_object()) throw wire::InputError(where_d + " must be an object");
    allowOnly(d,
              {"joint", "movement", "joint_angle_deg", "position", "stabilisation", "mode",
               "lever_arm", "source"},
              where_d);
    Dynamometry dyn;
    dyn.joint = text(d, "joint", where_d, true);
    const std::vector<std::string> joints{"hip", "knee", "ankle", "shoulder", "elbow", "trunk"};
    if (std::find(joints.begin(), joints.end(), dyn.joint) == joints.end())
      throw wire::InputError(where_d + ": " + wire::unknownNameMessage("joint", dyn.joint, joints));
    dyn.movement = text(d, "movement", where_d, true);
    if (d.contains("joint_angle_deg"))
      dyn.joint_angle_deg = number(d, "joint_angle_deg", where_d, -180, 180, 0);
    dyn.position = text(d, "position", where_d, true);
    dyn.stabilisation = text(d, "stabilisation", where_d, true);
    dyn.mode = text(d, "mode", where_d, true);
    if (dyn.mode != "make" && dyn.mode != "break")
      throw wire::InputError(where_d + ": 'mode' must be make or break");
    dyn.lever_arm = text(d, "lever_arm", where_d, true);
    dyn.source = text(d, "source", where_d, true);
    for (const std::string* field : {&dyn.movement, &dyn.position, &dyn.stabilisation,
                                     &dyn.lever_arm, &dyn.source})
      if (field->empty()) throw wire::InputError(where_d + ": every field must say something");
    if (p.kind != TestKind::MaxEffort && p.kind != TestKind::Hold)
      throw wire::InputError(where_d + ": only max_effort and hold tests use a dynamometer");
    p.dynamometer = dyn;
  }

  if (j.contains("simulator")) {
    // Only the simulator reads it (simulator::parseSimulatedPatient); kept as written.
    if (!j["simulator"].is_object()) throw wire::InputError(at + ": simulator must be an object");
    p.simulator_json = j["simulator"].dump();
  }
  return p;
}

TestDefinition withReference(const TestDefinition& test, double reference_n) {
  if (reference_n <= 0 || !test.target || !test.target->percent_of_reference) return test;
  json j = json::parse(test.definition_json);
  j["target"]["reference_n"] = reference_n;
  // Parsed again: the entered reference meets the same range checks as one in a file.
  TestDefinition recorded = parseTestDefinition(j.dump(), test.file);
  recorded.file = test.file;
  return recorded;
}

bool isDropJump(const TestDefinition& test) {
  return test.kind == TestKind::Jump && test.method.jump.type == analysis::JumpType::Drop;
}

TestDefinition withBoxHeight(const TestDefinition& test, double box_height_m) {
  if (box_height_m <= 0 || !isDropJump(test)) return test;
  json j = json::parse(test.definition_json);
  j["analysis"]["box-height-m"] = box_height_m;
  TestDefinition recorded = parseTestDefinition(j.dump(), test.file);
  recorded.file = test.file;
  return recorded;
}

TestDefinition readTestDefinition(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw wire::InputError("cannot read the test definition " + file.string());
  std::ostringstream s;
  s << in.rdbuf();
  if (s.str().size() > (1u << 20)) throw wire::InputError(file.string() + " is larger than 1 MB");
  return parseTestDefinition(s.str(), file);
}

std::vector<TestDefinition> loadTestLibrary(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw wire::InputError("the test library " + folder.string() + " is not a folder");
  }
  std::vector<TestDefinition> out;
  std::set<std::string> ids;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".json") continue;
    TestDefinition p = readTestDefinition(entry.path());
    if (!ids.insert(p.id).second) {
      throw wire::InputError(entry.path().string() + ": id '" + p.id + "' is used by another test");
    }
    out.push_back(std::move(p));
  }
  if (ec) throw wire::InputError("cannot read the test library " + folder.string());
  if (out.empty()) throw wire::InputError("the test library " + folder.string() + " has no *.json");
  std::sort(out.begin(), out.end(),
            [](const TestDefinition& a, const TestDefinition& b) { return a.name < b.name; });
  for (Norm& n : loadNorms(normsFolder(folder), out)) {
    for (TestDefinition& t : out) {
      if (t.id == n.test) t.norms.push_back(n);
    }
  }
  return out;
}

fs::path defaultTestLibrary() {
  if (const char* env = std::getenv("HOLDFAST_TEST_LIBRARY"); env && *env) return env;
  // Relative to the running executable, not a path compiled in: an installed or unpacked
  // package finds its own library, never a source tree that may not exist.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed =
        exe.parent_path().parent_path() / "share" / "holdfast" / "test_library";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return HOLDFAST_TEST_LIBRARY;
}

}  // namespace holdfast::method
